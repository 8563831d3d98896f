"""The pilot report's own words in Finnish, Swedish and English.

What the numbers mean is `explain.py`'s, shared with the app and `compare`;
this table holds only what a report says around them.
"""

from __future__ import annotations

from pilotkit.core.explain import in_lang
from pilotkit.core.langs import Lang

TEXTS: dict[str, dict[str, str]] = {
    "title_change": {"fi": "Pilotin arviointiraportti", "sv": "Utvärderingsrapport för piloten",
                     "en": "Pilot evaluation report"},
    "title_status": {"fi": "Arviointikierroksen tilanneraportti",
                     "sv": "Lägesrapport för utvärderingsomgången",
                     "en": "Evaluation round status report"},
    "summary": {"fi": "Yhteenveto", "sv": "Sammanfattning", "en": "Summary"},
    "summary_change": {
        "fi": "Asiakaspalvelua arvioitiin haamuasiakaskäynneillä ennen pilottia ({first}) ja "
              "sen jälkeen ({last}): {visits} käyntiä {libraries} kirjastoon.",
        "sv": "Kundservicen utvärderades med anonyma kundbesök före piloten ({first}) och "
              "efter den ({last}): {visits} besök på {libraries} bibliotek.",
        "en": "Customer service was evaluated by mystery shopping before the pilot ({first}) "
              "and after it ({last}): {visits} visits to {libraries} libraries.",
    },
    "narrowed": {
        "fi": "Raportti ei kata kaikkia käyntejä. Siinä lasketaan vain {parts}.",
        "sv": "Rapporten täcker inte alla besök. Den räknar bara {parts}.",
        "en": "This report does not cover every visit. It counts only {parts}.",
    },
    # one and many apart, and the names quoted: "skenaarioiden Sähköpostikysymys kirjastolle
    # käynnit" read as broken Finnish
    "narrowed_scenario": {"fi": "skenaarion ”{names}” käynnit",
                          "sv": "besöken i scenariot ”{names}”",
                          "en": "the visits of the scenario “{names}”"},
    "narrowed_scenarios": {"fi": "skenaarioiden ”{names}” käynnit",
                           "sv": "besöken i scenarierna ”{names}”",
                           "en": "the visits of the scenarios “{names}”"},
    "narrowed_channel": {"fi": "kanavan ”{names}” käynnit", "sv": "besöken i kanalen ”{names}”",
                         "en": "the visits in the channel “{names}”"},
    "narrowed_channels": {"fi": "kanavien ”{names}” käynnit",
                          "sv": "besöken i kanalerna ”{names}”",
                          "en": "the visits in the channels “{names}”"},
    "narrowed_libraries": {"fi": "valittujen kirjastojen ({n}) käynnit",
                           "sv": "besöken på de valda biblioteken ({n})",
                           "en": "the visits to the chosen libraries ({n})"},
    "narrowed_same": {"fi": "skenaariot, joita kirjasto käytti molemmilla kierroksilla",
                      "sv": "scenarier som biblioteket hade i båda omgångarna",
                      "en": "the scenarios each library had in both rounds"},
    "narrowed_approved": {"fi": "hyväksytyt käynnit", "sv": "godkända besök",
                          "en": "approved visits"},
    "summary_status": {
        "fi": "Kierroksella {first} tehtiin {visits} haamuasiakaskäyntiä {libraries} "
              "kirjastoon.",
        "sv": "Under omgången {first} gjordes {visits} anonyma kundbesök på {libraries} "
              "bibliotek.",
        "en": "Round {first} made {visits} mystery-shopping visits to {libraries} libraries.",
    },
    "piloted": {"fi": "Pilotti: {pilot}", "sv": "Pilot: {pilot}", "en": "Pilot: {pilot}"},
    "better": {"fi": "Selvästi parani: {names}.", "sv": "Blev tydligt bättre: {names}.",
               "en": "Clearly better: {names}."},
    "worse": {"fi": "Selvästi heikkeni: {names}.", "sv": "Blev tydligt sämre: {names}.",
              "en": "Clearly worse: {names}."},
    "unclear": {
        "fi": "Ei selvää muutosta (voi olla sattumaa): {names}.",
        "sv": "Ingen tydlig förändring (kan vara slump): {names}.",
        "en": "No clear change (it may be chance): {names}.",
    },
    "goals": {"fi": "Pilotti ja sen tavoitteet", "sv": "Piloten och dess mål",
              "en": "The pilot and its goals"},
    "rounds_caption": {"fi": "Arviointikierrokset", "sv": "Utvärderingsomgångarna",
                       "en": "The evaluation rounds"},
    "round": {"fi": "Kierros", "sv": "Omgång", "en": "Round"},
    "pilot": {"fi": "Pilotti", "sv": "Pilot", "en": "Pilot"},
    "dates": {"fi": "Ajankohta", "sv": "Tidpunkt", "en": "Dates"},
    "no_goals": {
        "fi": "Tavoitteita ja mittareita ei ole kirjattu (pilotkit report --goals TIEDOSTO).",
        "sv": "Mål och indikatorer har inte angetts (pilotkit report --goals FIL).",
        "en": "No goals or indicators were given (pilotkit report --goals FILE).",
    },
    "method": {"fi": "Menetelmä", "sv": "Metod", "en": "Method"},
    "method_visits": {
        "fi": "Arvioijat ({evaluators}) asioivat kirjastoissa tavallisina asiakkaina ja täyttivät "
              "sen jälkeen tarkistuslistan. Arvio koskee palvelua, ei yksittäistä työntekijää: "
              "raportissa ei ole nimiä, arvioijien tunnuksia eikä vapaita kommentteja.",
        "sv": "Utvärderarna ({evaluators}) besökte biblioteken som vanliga kunder och fyllde "
              "sedan i en checklista. Utvärderingen gäller servicen, inte enskilda anställda: "
              "rapporten har inga namn, inga utvärderarkoder och inga fria kommentarer.",
        "en": "The evaluators ({evaluators}) visited the libraries as ordinary customers and "
              "then filled in a checklist. The evaluation is of the service, never of a person: "
              "the report holds no names, no evaluator codes and no free-text comments.",
    },
    "method_scoring": {
        "fi": "Jokainen vastaus pisteytetään asteikolla 0–1 ja liitetään yhteen tai useampaan "
              "seitsemästä palveluperiaatteesta painoineen; käynnin periaatekohtainen pistemäärä "
              "on vastausten painotettu keskiarvo × 100. Kohdat, jotka vastausten perusteella "
              "jäävät näyttämättä (haarautuminen), ja vastaukset ”ei koske” eivät vaikuta.",
        "sv": "Varje svar får poäng på skalan 0–1 och hör till en eller flera av de sju "
              "serviceprinciperna med en vikt; besökets poäng för en princip är svarens viktade "
              "medelvärde × 100. Punkter som inte visas på grund av tidigare svar och svaret "
              "”ej tillämpligt” påverkar inte.",
        "en": "Each answer scores 0–1 and counts towards one or more of the seven service "
              "principles with a weight; a visit's score for a principle is the weighted mean of "
              "its answers × 100. Items skipped by earlier answers and answers of ‘not "
              "applicable’ do not count.",
    },
    "scenarios_caption": {"fi": "Käytetyt skenaariot", "sv": "Scenarier som användes",
                          "en": "Scenarios used"},
    "scenario": {"fi": "Skenaario", "sv": "Scenario", "en": "Scenario"},
    "version": {"fi": "Versio", "sv": "Version", "en": "Version"},
    "visits_caption": {"fi": "Lasketut käynnit kirjastoittain ja kierroksittain",
                       "sv": "Räknade besök per bibliotek och omgång",
                       "en": "Visits counted per library and round"},
    "library": {"fi": "Kirjasto", "sv": "Bibliotek", "en": "Library"},
    "mde_intro": {
        "fi": "Pienin havaittava muutos: todellinen muutos, jonka toteutunut käyntimäärä "
              "havaitsisi 80 %:n todennäköisyydellä (Welchin testi, 5 %:n taso). Pienempi "
              "todellinen muutos jää helposti näkymättä.",
        "sv": "Minsta påvisbara förändring: den verkliga förändring som det faktiska antalet "
              "besök skulle upptäcka med 80 % sannolikhet (Welchs test, 5 % nivå). En mindre "
              "verklig förändring syns lätt inte.",
        "en": "Minimum detectable difference: the true change that the visits made would detect "
              "with 80 % probability (Welch's test at the 5 % level). A smaller true change may "
              "well go unseen.",
    },
    "mde": {"fi": "Pienin havaittava muutos", "sv": "Minsta påvisbara förändring",
            "en": "Minimum detectable difference"},
    "principle": {"fi": "Periaate", "sv": "Princip", "en": "Principle"},
    "suppressed_note": {
        "fi": "Tietosuoja: kirjastokohtaisista taulukoista on jätetty pois {n} tulosta, koska "
              "jollakin kierroksella käyntejä oli alle {min} (tai koska muista luvuista voisi "
              "muuten päätellä poisjätetyn). Näin tulosta ei voi yhdistää yksittäiseen "
              "työvuoroon tai ihmiseen.",
        "sv": "Dataskydd: {n} resultat har lämnats bort ur tabellerna per bibliotek eftersom "
              "någon omgång hade färre än {min} besök (eller eftersom det bortlämnade annars "
              "kunde räknas ut ur de andra talen). Så kan inget resultat kopplas till ett enskilt "
              "arbetspass eller en person.",
        "en": "Privacy: {n} results are left out of the per-library tables because a round had "
              "fewer than {min} visits there (or because the others would give a left-out one "
              "away). No result can so point at a single shift or person.",
    },
    "many_caveat": {
        "fi": "Monta vertailua: kun muutoksia tarkastellaan monta, osa näyttää selviltä pelkästä "
              "sattumasta.",
        "sv": "Många jämförelser: när många förändringar granskas ser en del tydliga ut av ren "
              "slump.",
        "en": "Many comparisons: when many changes are looked at, some look clear by chance "
              "alone.",
    },
    "mixed_libraries": {"fi": "Skenaarioiden vaihtelu: {names}.",
                        "sv": "Olika scenarier: {names}.", "en": "Different scenarios: {names}."},
    "results": {"fi": "Tulokset", "sv": "Resultat", "en": "Results"},
    "before": {"fi": "Ennen", "sv": "Före", "en": "Before"},
    "after": {"fi": "Jälkeen", "sv": "Efter", "en": "After"},
    "score": {"fi": "Pisteet", "sv": "Poäng", "en": "Score"},
    "change": {"fi": "Muutos", "sv": "Förändring", "en": "Change"},
    "clear_col": {"fi": "Selvä?", "sv": "Tydlig?", "en": "Clear?"},
    "yes_up": {"fi": "kyllä, parani", "sv": "ja, bättre", "en": "yes, better"},
    "yes_down": {"fi": "kyllä, heikkeni", "sv": "ja, sämre", "en": "yes, worse"},
    "no": {"fi": "ei", "sv": "nej", "en": "no"},
    "left_out": {"fi": "jätetty pois (alle {min} käyntiä)", "sv": "bortlämnat (färre än {min} besök)",
                 "en": "left out (fewer than {min} visits)"},
    "left_out_protects": {"fi": "jätetty pois (suojaa pientä tulosta)",
                          "sv": "bortlämnat (skyddar ett litet resultat)",
                          "en": "left out (protects a small result)"},
    "pooled_caption": {
        "fi": "Kaikki kirjastot yhdessä: pisteet 0–100 ja 95 %:n välit",
        "sv": "Alla bibliotek tillsammans: poäng 0–100 och 95 %-intervall",
        "en": "All libraries together: scores 0–100 with 95 % intervals",
    },
    "library_caption": {"fi": "{name}: pisteet 0–100 ja 95 %:n välit",
                        "sv": "{name}: poäng 0–100 och 95 %-intervall",
                        "en": "{name}: scores 0–100 with 95 % intervals"},
    "chart_desc": {
        "fi": "Kuvio: kunkin periaatteen keskiarvo (ympyrä = ennen, neliö = jälkeen) ja sen "
              "95 %:n väli viivana asteikolla 0–100. Samat luvut ovat viereisessä taulukossa.",
        "sv": "Diagram: varje princips medelvärde (cirkel = före, kvadrat = efter) med sitt "
              "95 %-intervall som linje på skalan 0–100. Samma tal finns i tabellen bredvid.",
        "en": "Chart: each principle's mean (circle = before, square = after) with its 95 % "
              "interval as a line on the 0–100 scale. The same numbers are in the table beside "
              "it.",
    },
    "moved_caption": {
        "fi": "Eniten muuttuneet kohdat, kaikki kirjastot yhdessä (pisteet 0–100)",
        "sv": "Punkterna som förändrades mest, alla bibliotek tillsammans (poäng 0–100)",
        "en": "The items that moved most, all libraries together (scores 0–100)",
    },
    "findings": {"fi": "Havainnot ja jatko", "sv": "Iakttagelser och fortsättning",
                 "en": "Findings and next steps"},
    "weakest_intro": {
        "fi": "Heikoimmat kohdat kirjastoittain viimeisellä kierroksella (vähintään {min} "
              "vastausta): keskustelun pohjaksi henkilökunnan kokoukseen.",
        "sv": "De svagaste punkterna per bibliotek i den sista omgången (minst {min} svar): "
              "underlag för ett personalmöte.",
        "en": "The weakest items per library in the last round (at least {min} answers): a "
              "starting point for a staff meeting.",
    },
    "item": {"fi": "Kohta", "sv": "Punkt", "en": "Item"},
    "answers": {"fi": "Vastauksia", "sv": "Svar", "en": "Answers"},
    "next_steps_none": {
        "fi": "Jatkotoimia ei ole kirjattu (pilotkit report --goals TIEDOSTO).",
        "sv": "Fortsatta åtgärder har inte angetts (pilotkit report --goals FIL).",
        "en": "No next steps were given (pilotkit report --goals FILE).",
    },
    "provenance": {"fi": "Tietojen alkuperä", "sv": "Uppgifternas ursprung",
                   "en": "Provenance"},
    "provenance_line": {
        "fi": "Laadittu {written} pilotkitin versiolla {version} tietokannasta {database}. "
              "Lasketut tilat: {statuses}.",
        "sv": "Skapad {written} med pilotkit {version} ur databasen {database}. Räknade "
              "statusar: {statuses}.",
        "en": "Written {written} by pilotkit {version} from database {database}. Statuses "
              "counted: {statuses}.",
    },
}


def text(key: str, lang: Lang | str, **values: object) -> str:
    return in_lang(TEXTS, key, lang, **values)
