"""Every string the terminal app shows, in Finnish, Swedish and English.

Textual has no translation layer, so all labels, including the ones Textual
would show in English (command palette entries, Select prompts), go through
`t()`. A missing key is a bug that a test catches: every key has all three
languages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pilotkit.core.labels import LABELS, label, title_label
from pilotkit.core.langs import LANGS, Lang

if TYPE_CHECKING:
    from textual.dom import DOMNode

MESSAGES: dict[str, dict[str, str]] = {
    # start screen
    "drafts": {"fi": "Keskeneräiset käynnit", "sv": "Påbörjade besök", "en": "Drafts to resume"},
    "more_drafts": {"fi": "… ja {n} muuta (vanhimmat)", "sv": "… och {n} till (de äldsta)",
                    "en": "… and {n} more (the oldest)"},
    "plan_progress": {"fi": "Suunnitelman eteneminen", "sv": "Planens framsteg",
                      "en": "Progress against the plan"},
    "no_plans": {"fi": "Yhdelläkään kierroksella ei ole suunnitelmaa (pilotkit plan make).",
                 "sv": "Ingen omgång har en plan (pilotkit plan make).",
                 "en": "No round has a plan (pilotkit plan make)."},
    "progress_title_library": {"fi": "{round}: suunnitellut ja tehdyt käynnit kirjastoittain",
                               "sv": "{round}: planerade och gjorda besök per bibliotek",
                               "en": "{round}: planned and made visits by library"},
    "progress_title_evaluator": {"fi": "{round}: suunnitellut ja tehdyt käynnit arvioijittain",
                                 "sv": "{round}: planerade och gjorda besök per utvärderare",
                                 "en": "{round}: planned and made visits by evaluator"},
    "form_not_saved": {
        "fi": "Käyntiä ei ole aloitettu eikä lomaketta tallennettu: Esc uudelleen poistuu, "
              "ja täytetty katoaa.",
        "sv": "Besöket är inte påbörjat och formuläret inte sparat: Esc en gång till går ut, "
              "och det ifyllda försvinner.",
        "en": "The visit is not started and the form is not saved: Esc again leaves, and "
              "what you filled in is gone."},
    "one_plan_only": {"fi": "Vain kierroksella {round} on suunnitelma.",
                      "sv": "Bara omgången {round} har en plan.",
                      "en": "Only round {round} has a plan."},
    "staff_informed_on": {"fi": "Henkilöstölle kerrottu {day}", "sv": "Personalen informerad {day}",
                          "en": "Staff told on {day}"},
    "round_not_told": {
        "fi": "⚠ Kierroksesta ei ole kirjattu, milloin henkilöstölle kerrottiin",
        "sv": "⚠ För omgången har det inte antecknats när personalen informerades",
        "en": "⚠ No record of when staff were told of this round"},
    "staff_not_informed": {
        "fi": "⚠ Ei kirjattu, milloin henkilöstölle kerrottiin (t: kirjaa)",
        "sv": "⚠ Inte antecknat när personalen informerades (t: anteckna)",
        "en": "⚠ No record of when staff were told (t: record it)"},
    "purpose_is": {"fi": "Tarkoitus: {purpose}", "sv": "Syfte: {purpose}",
                   "en": "Purpose: {purpose}"},
    "col_planned": {"fi": "suunniteltu", "sv": "planerade", "en": "planned"},
    "col_begun": {"fi": "kesken", "sv": "påbörjade", "en": "begun"},
    "col_submitted": {"fi": "lähetetty", "sv": "inskickade", "en": "submitted"},
    "k_by": {"fi": "Kirjastot/arvioijat", "sv": "Bibliotek/utvärderare",
             "en": "Libraries/evaluators"},
    "k_next_round": {"fi": "Seuraava kierros", "sv": "Nästa omgång", "en": "Next round"},
    "planned": {"fi": "Suunnitellut käynnit", "sv": "Planerade besök", "en": "Planned visits"},
    "drafts_elsewhere": {
        "fi": "Muilta koneilta yhdistetyt käynnit viimeistellään niillä koneilla, eivätkä ne"
              " näy tässä: keskeneräisiä {drafts}, korjattavaksi palautettuja {returned}.",
        "sv": "Besök sammanförda från andra datorer slutförs på de datorerna och visas inte"
              " här: påbörjade {drafts}, returnerade för rättelse {returned}.",
        "en": "Visits merged in from other laptops are finished on those laptops and are not"
              " listed here: drafts {drafts}, returned for correction {returned}."},
    "no_drafts": {"fi": "Ei keskeneräisiä käyntejä.", "sv": "Inga påbörjade besök.",
                  "en": "No drafts."},
    "answered_of": {"fi": "{n}/{total} vastattu", "sv": "{n}/{total} besvarade",
                    "en": "{n}/{total} answered"},
    "new_visit": {"fi": "Uusi käynti", "sv": "Nytt besök", "en": "New visit"},
    "library": {"fi": "Kirjasto", "sv": "Bibliotek", "en": "Library"},
    "round": {"fi": "Kierros", "sv": "Omgång", "en": "Round"},
    "scenario": {"fi": "Skenaario", "sv": "Scenario", "en": "Scenario"},
    "evaluator": {"fi": "Arvioijan koodi", "sv": "Utvärderarens kod", "en": "Evaluator code"},
    "evaluator_example": {"fi": "esim. E07", "sv": "t.ex. E07", "en": "e.g. E07"},
    "channel": {"fi": "Kanava", "sv": "Kanal", "en": "Channel"},
    # the language the evaluator was served in; the checklist follows the app's language
    "language": {"fi": "Asiointikieli", "sv": "Betjäningsspråk", "en": "Served in"},
    "visited_at": {"fi": "Käynnin aika", "sv": "Besökstid", "en": "Visited at"},
    "persona": {"fi": "Rooli", "sv": "Roll", "en": "Persona"},
    "script": {"fi": "Käsikirjoitus", "sv": "Manus", "en": "Script"},
    "start_visit": {"fi": "Aloita käynti", "sv": "Börja besöket", "en": "Start visit"},
    "add_library": {"fi": "Lisää kirjasto", "sv": "Lägg till bibliotek", "en": "Add library"},
    "add_round": {"fi": "Lisää kierros", "sv": "Lägg till omgång", "en": "Add round"},
    "select": {"fi": "Valitse", "sv": "Välj", "en": "Select"},
    "isil": {"fi": "ISIL-tunnus", "sv": "ISIL-kod", "en": "ISIL code"},
    "name": {"fi": "Nimi", "sv": "Namn", "en": "Name"},
    "round_id": {"fi": "Kierroksen tunnus", "sv": "Omgångens id", "en": "Round id"},
    "label": {"fi": "Nimike", "sv": "Benämning", "en": "Label"},
    "round_label_example": {"fi": "esim. Kevät 2026, lähtötaso", "sv": "t.ex. Våren 2026, baslinje",
                            "en": "e.g. Spring 2026, baseline"},
    "round_id_optional": {"fi": "Tunnus (vapaaehtoinen)", "sv": "Id (frivilligt)",
                          "en": "Id (optional)"},
    "round_id_example": {"fi": "tehdään nimikkeestä", "sv": "skapas av benämningen",
                         "en": "made from the label"},
    "pilot": {"fi": "Pilotti", "sv": "Pilot", "en": "Pilot"},
    "staff_told_field": {"fi": "Henkilöstölle kerrottu (päivä)",
                         "sv": "Personalen informerad (dag)", "en": "Staff told on (day)"},
    "purpose_field": {"fi": "Tarkoitus ja tulosten käyttö",
                      "sv": "Syfte och hur resultaten används",
                      "en": "Purpose and how results are used"},
    "retain_until_field": {"fi": "Tiedot säilytetään asti (päivä)",
                           "sv": "Uppgifterna sparas till (dag)",
                           "en": "Keep the data until (day)"},
    "day_example": {"fi": "esim. 3.4.2026", "sv": "t.ex. 3.4.2026", "en": "e.g. 2026-04-03"},
    "round_ethics_title": {"fi": "Kierros {round}: mitä henkilöstölle kerrottiin",
                           "sv": "Omgången {round}: vad personalen fick veta",
                           "en": "Round {round}: what staff were told"},
    "round_ethics_saved": {"fi": "Kierroksen {round} tiedot tallennettu.",
                           "sv": "Omgångens {round} uppgifter sparade.",
                           "en": "Round {round} saved."},
    # short: at 80 columns in Finnish the plan screen's keys and Back fit beside ^p
    "k_round_ethics": {"fi": "Tiedot", "sv": "Uppgifter", "en": "Round details"},
    "file_exists": {"fi": "{path} on jo olemassa: Enter uudelleen korvaa sen.",
                    "sv": "{path} finns redan: Enter en gång till ersätter den.",
                    "en": "{path} already exists: Enter again replaces it."},
    "save_and_go_on": {"fi": "Tallenna ja jatka", "sv": "Spara och fortsätt",
                       "en": "Save and go on"},
    "save": {"fi": "Tallenna", "sv": "Spara", "en": "Save"},
    "cancel": {"fi": "Peruuta", "sv": "Avbryt", "en": "Cancel"},
    "no_tie_declaration": {
        "fi": "Minulla ei ole henkilökohtaista sidettä kirjaston henkilökuntaan",
        "sv": "Jag har ingen personlig anknytning till bibliotekets personal",
        "en": "I have no personal tie to this library's staff"},
    "conflict_declared": {
        "fi": "{evaluator} on ilmoittanut esteellisyyden tähän kirjastoon: käynnin tekee toinen "
              "arvioija.",
        "sv": "{evaluator} har anmält jäv för det här biblioteket: en annan utvärderare gör "
              "besöket.",
        "en": "{evaluator} has declared a conflict with this library: another evaluator makes "
              "this visit."},
    "no_tie_needed": {
        "fi": "Vahvista, ettei sinulla ole henkilökohtaista sidettä kirjaston henkilökuntaan "
              "(välilyönti). Jos on, käynnin tekee toinen arvioija.",
        "sv": "Bekräfta att du inte har någon personlig anknytning till bibliotekets personal "
              "(mellanslag). Om du har det gör en annan utvärderare besöket.",
        "en": "Confirm that you have no personal tie to this library's staff (space). "
              "If you have, another evaluator makes this visit."},
    "ethics_title": {
        "fi": "Kierroksesta {round} ei ole kirjattu, milloin henkilöstölle kerrottiin",
        "sv": "För omgången {round} har det inte antecknats när personalen informerades",
        "en": "Round {round} has no record of when staff were told"},
    "ethics_subject": {
        "fi": "Henkilöstölle kerrotaan etukäteen arvioinnista, sen tarkoituksesta ja "
              "tulosten käytöstä; tuloksia ei käytetä kenenkään yksittäisen työntekijän "
              "arviointiin. Tarkista asia tiiminvetäjältä ennen käyntiä.",
        "sv": "Personalen informeras i förväg om utvärderingen, dess syfte och hur "
              "resultaten används; resultaten används aldrig för att bedöma en enskild "
              "anställd. Kontrollera med teamledaren före besöket.",
        "en": "Staff are told in advance of the evaluation, its purpose and how results are "
              "used; results are never used to judge an individual. Check with your team "
              "lead before the visit."},
    "ethics_subject_lead": {
        "fi": "Henkilöstölle kerrotaan etukäteen arvioinnista, sen tarkoituksesta ja "
              "tulosten käytöstä; tuloksia ei käytetä kenenkään yksittäisen työntekijän "
              "arviointiin. Kirjaa tähän päivä, jona henkilöstölle kerrottiin.",
        "sv": "Personalen informeras i förväg om utvärderingen, dess syfte och hur "
              "resultaten används; resultaten används aldrig för att bedöma en enskild "
              "anställd. Anteckna här den dag personalen informerades.",
        "en": "Staff are told in advance of the evaluation, its purpose and how results are "
              "used; results are never used to judge an individual. Record here the day "
              "staff were told."},
    "ethics_go_on": {"fi": "Ymmärrän, jatka", "sv": "Jag förstår, fortsätt",
                     "en": "I understand, go on"},
    "missing_field": {"fi": "Täytä: {field}", "sv": "Fyll i: {field}", "en": "Fill in: {field}"},
    "no_scenarios": {"fi": "Skenaarioita ei löytynyt.", "sv": "Inga scenarier hittades.",
                     "en": "No scenarios found."},
    "scenario_dir_missing": {
        "fi": "⚠ Skenaariokansiota {path} ei ole.",
        "sv": "⚠ Scenariomappen {path} finns inte.",
        "en": "⚠ The scenario folder {path} does not exist.",
    },
    "scenario_files_broken": {
        "fi": "⚠ Skenaariotiedostoja, joissa on virheitä: {n}. Niitä ei voi käyttää ennen "
              "korjausta (p: lue virheet).",
        "sv": "⚠ Scenariofiler med fel: {n}. De kan inte användas innan de rättas "
              "(p: läs felen).",
        "en": "⚠ Scenario files with problems: {n}. They cannot be used until they are "
              "corrected (p: read the problems).",
    },
    "scenario_problems_title": {"fi": "Virheet skenaariotiedostoissa",
                                "sv": "Fel i scenariofilerna",
                                "en": "Problems in the scenario files"},
    "scenario_problems_intro": {
        "fi": "Nämä skenaariot puuttuvat uuden käynnin lomakkeelta, kunnes tiedostot on "
              "korjattu. Jokainen rivi on muotoa TIEDOSTO:RIVI: virhe; sama luettelo saadaan "
              "komennolla pilotkit scenarios check.",
        "sv": "De här scenarierna saknas i formuläret för nytt besök tills filerna har "
              "rättats. Varje rad har formen FIL:RAD: fel; samma lista ger kommandot "
              "pilotkit scenarios check.",
        "en": "These scenarios are missing from the new-visit form until their files are "
              "corrected. Each line reads FILE:LINE: problem; pilotkit scenarios check prints "
              "the same list.",
    },
    "scenario_dir_missing_line": {
        "fi": "{path}: kansiota ei ole (katso --scenarios tai PILOTKIT_SCENARIOS)",
        "sv": "{path}: mappen finns inte (se --scenarios eller PILOTKIT_SCENARIOS)",
        "en": "{path}: no such folder (see --scenarios or PILOTKIT_SCENARIOS)",
    },
    "scenarios_all_fine": {"fi": "Kaikki skenaariotiedostot ovat kunnossa.",
                           "sv": "Alla scenariofiler är i ordning.",
                           "en": "Every scenario file is in order."},
    # visit screen
    "item_of": {"fi": "Kohta {n}/{total}", "sv": "Punkt {n}/{total}", "en": "Item {n}/{total}"},
    "saved": {"fi": "✓ tallennettu {time}", "sv": "✓ sparat {time}", "en": "✓ saved {time}"},
    "saving": {"fi": "… tallennetaan", "sv": "… sparar", "en": "… saving"},
    "not_saved": {"fi": "✗ EI tallennettu: {reason}", "sv": "✗ INTE sparat: {reason}",
                  "en": "✗ NOT saved: {reason}"},
    "unsaved_status": {"fi": "✗ {n} tallentamatta · ctrl+r uudelleen",
                       "sv": "✗ {n} osparat · ctrl+r försök igen",
                       "en": "✗ {n} NOT saved · ctrl+r retry"},
    "item_not_saved": {"fi": "✗ Ei tallennettu: {reason}. Tallennusta yritetään uudelleen "
                             "itsestään; ctrl+r yrittää heti.",
                       "sv": "✗ Inte sparat: {reason}. Sparandet görs om automatiskt; "
                             "ctrl+r försöker genast.",
                       "en": "✗ Not saved: {reason}. It is retried automatically; "
                             "ctrl+r retries now."},
    "reason_locked": {"fi": "tietokanta on toisen ohjelman käytössä",
                      "sv": "databasen används av ett annat program",
                      "en": "the database is locked by another program"},
    "reason_full": {"fi": "levy tai tietokanta on täynnä", "sv": "disken eller databasen är full",
                    "en": "the disk or the database is full"},
    "reason_readonly": {"fi": "tietokantaan ei voi kirjoittaa",
                        "sv": "det går inte att skriva till databasen",
                        "en": "the database cannot be written to"},
    "reason_io": {"fi": "levylle kirjoittaminen epäonnistui",
                  "sv": "det gick inte att skriva till disken", "en": "writing to the disk failed"},
    "retrying": {"fi": "Yritetään tallentaa uudelleen…", "sv": "Försöker spara igen…",
                 "en": "Retrying…"},
    "all_saved": {"fi": "Kaikki on tallennettu.", "sv": "Allt är sparat.",
                  "en": "Everything is saved."},
    "waiting_for_save": {"fi": "Odotetaan, että tallennus valmistuu…",
                         "sv": "Väntar tills sparandet är klart…",
                         "en": "Waiting for the save to finish…"},
    "unsaved_one": {"fi": "Yksi vastaus ei ole tallessa.", "sv": "Ett svar är inte sparat.",
                    "en": "1 answer is not saved."},
    "unsaved_many": {"fi": "{n} vastausta ei ole tallessa.", "sv": "{n} svar är inte sparade.",
                     "en": "{n} answers are not saved."},
    "lost_one": {"fi": "Jos lähdet nyt, se voi kadota.", "sv": "Om du går nu kan det gå förlorat.",
                 "en": "If you leave now, it may be lost."},
    "lost_many": {"fi": "Jos lähdet nyt, ne voivat kadota.",
                  "sv": "Om du går nu kan de gå förlorade.",
                  "en": "If you leave now, they may be lost."},
    "stay_retry": {"fi": "Jää ja yritä uudelleen", "sv": "Stanna och försök igen",
                   "en": "Stay and retry"},
    "leave_anyway": {"fi": "Poistu silti", "sv": "Gå ändå", "en": "Leave anyway"},
    "quit_anyway": {"fi": "Lopeta silti", "sv": "Avsluta ändå", "en": "Quit anyway"},
    "not_draft": {"fi": "Käyntiä ei voi muuttaa: se on {status}.",
                  "sv": "Besöket kan inte ändras: det är {status}.",
                  "en": "The visit cannot be changed: it is {status}."},
    "read_only_submitted": {
        "fi": "Vain luku: käynti on merkitty valmiiksi. Muuttaaksesi sitä avaa yhteenveto (s) "
              "ja valitse Avaa korjattavaksi.",
        "sv": "Endast läsning: besöket är markerat som klart. För att ändra det, öppna "
              "sammandraget (s) och välj Öppna för rättelse.",
        "en": "Read-only: the visit is submitted. To change it, open the summary (s) and "
              "choose Reopen to correct."},
    "read_only_decided": {
        "fi": "Vain luku: käynti on {status}. Vain tiiminvetäjä voi kumota päätöksen; pyydä "
              "häntä palauttamaan käynti korjattavaksi.",
        "sv": "Endast läsning: besöket är {status}. Bara teamledaren kan ångra beslutet; be "
              "hen returnera besöket för rättelse.",
        "en": "Read-only: the visit is {status}. Only a team lead can undo the decision; ask "
              "them to return it for correction."},
    "no_negative": {"fi": "Ei tallennettu: negatiivinen luku ei käy; anna luku, joka on "
                          "vähintään 0 (Esc: tallennettu takaisin).",
                    "sv": "Inte sparat: ett negativt tal går inte; ange ett tal som är minst 0 "
                          "(Esc: det sparade tillbaka).",
                    "en": "Not saved: a negative number is not accepted; give a number of at "
                          "least 0 (Esc: back to what is saved)."},
    "entry_reverted": {"fi": "Ei tallennettu: {typed}. Kohdassa on tallennettu vastaus.",
                       "sv": "Inte sparat: {typed}. Punkten har det sparade svaret.",
                       "en": "Not saved: {typed}. The item keeps the answer that was saved."},

    "unanswered": {"fi": "vastaamatta", "sv": "obesvarad", "en": "unanswered"},
    "required": {"fi": "pakollinen", "sv": "obligatorisk", "en": "required"},
    "note": {"fi": "Muistiinpano", "sv": "Anteckning", "en": "Note"},
    "keys_yesno": {"fi": "Vastaa näppäimellä y (kyllä) tai n (ei).",
                   "sv": "Svara med y (ja) eller n (nej).",
                   "en": "Answer with y (yes) or n (no)."},
    "keys_scale": {"fi": "Vastaa numerolla {low}–{high} tai nuolilla ← →.",
                   "sv": "Svara med en siffra {low}–{high} eller pilarna ← →.",
                   "en": "Answer with a number {low}–{high} or the arrows ← →."},
    "keys_choice": {"fi": "Vastaa vaihtoehdon numerolla 1–{n}.",
                    "sv": "Svara med alternativets nummer 1–{n}.",
                    "en": "Answer with the option's number 1–{n}."},
    "keys_number": {"fi": "Kirjoita luku numeronäppäimillä ja paina Enter.",
                    "sv": "Skriv talet med sifferknapparna och tryck Enter.",
                    "en": "Type the number with the digit keys and press Enter."},
    "type_number": {"fi": "Kirjoita luku ({unit}) ja paina Enter",
                    "sv": "Skriv ett tal ({unit}) och tryck Enter",
                    "en": "Type a number ({unit}) and press Enter"},
    "type_text": {"fi": "Kirjoita ja paina Enter · Esc tallentaa ja palauttaa näppäinkomennot",
                  "sv": "Skriv och tryck Enter · Esc sparar och ger tangentkommandona tillbaka",
                  "en": "Type and press Enter · Esc saves and gives the command keys back"},
    "bad_number": {"fi": "Ei tallennettu: anna luku, joka on vähintään 0, esim. 3,5 "
                         "(Esc: tallennettu takaisin)",
                   "sv": "Inte sparat: ange ett tal som är minst 0, t.ex. 3,5 "
                         "(Esc: det sparade tillbaka)",
                   "en": "Not saved: enter a number of at least 0, e.g. 3.5 "
                         "(Esc: back to what is saved)"},
    "principles": {"fi": "Periaatteet", "sv": "Principer", "en": "Principles"},
    "no_items": {"fi": "Ei näkyviä kohtia.", "sv": "Inga synliga punkter.",
                 "en": "No items shown."},
    "all_answered": {"fi": "Kaikkiin on vastattu.", "sv": "Alla är besvarade.",
                     "en": "Everything is answered."},
    # keys (footer)
    "k_next": {"fi": "Seuraava", "sv": "Nästa", "en": "Next"},
    "k_prev": {"fi": "Edellinen", "sv": "Föregående", "en": "Previous"},
    "k_unanswered": {"fi": "Vastaamaton", "sv": "Obesvarad", "en": "Unanswered"},
    "k_na": {"fi": "Ei koske", "sv": "Ej tillämpl.", "en": "N/A"},
    "k_note": {"fi": "Muistiinpano", "sv": "Anteckning", "en": "Note"},
    "k_clear": {"fi": "Tyhjennä", "sv": "Töm", "en": "Clear"},
    "k_summary": {"fi": "Yhteenveto", "sv": "Sammandrag", "en": "Summary"},
    "k_back": {"fi": "Takaisin", "sv": "Tillbaka", "en": "Back"},
    "k_help": {"fi": "Ohje", "sv": "Hjälp", "en": "Help"},
    "k_quit": {"fi": "Lopeta", "sv": "Avsluta", "en": "Quit"},
    "k_new": {"fi": "Uusi käynti", "sv": "Nytt besök", "en": "New visit"},
    "k_submit": {"fi": "Valmis", "sv": "Klart", "en": "Submit"},
    "k_edit": {"fi": "Muokkaa", "sv": "Redigera", "en": "Edit"},
    "k_retry": {"fi": "Yritä uudelleen", "sv": "Försök igen", "en": "Retry"},
    # summary
    "summary": {"fi": "Yhteenveto", "sv": "Sammandrag", "en": "Summary"},
    "missing_required": {"fi": "Pakolliset vastaamatta (↑ ja Enter vie kohtaan):",
                         "sv": "Obligatoriska obesvarade (↑ och Enter går dit):",
                         "en": "Required and unanswered (↑ then Enter goes there):"},
    "comment": {"fi": "Kommentti koko käynnistä", "sv": "Kommentar om hela besöket",
                "en": "Comment on the whole visit"},
    "submit": {"fi": "Merkitse valmiiksi", "sv": "Markera som klart", "en": "Submit visit"},
    "submitted": {"fi": "Käynti on merkitty valmiiksi.", "sv": "Besöket är markerat som klart.",
                  "en": "Visit submitted."},
    "reopen_title": {"fi": "Avataanko käynti korjattavaksi?", "sv": "Öppna besöket för rättelse?",
                     "en": "Reopen the visit to correct it?"},
    "reopen_subject": {
        "fi": "Käynti palaa luonnokseksi: sitä ei lasketa eikä se ole tarkastusjonossa, ennen "
              "kuin se merkitään uudelleen valmiiksi.",
        "sv": "Besöket blir ett utkast igen: det räknas inte och står inte i granskningskön "
              "förrän det markeras som klart igen.",
        "en": "The visit becomes a draft again: it is not counted, nor in the review queue, "
              "until it is marked done again."},
    "reopen": {"fi": "Avaa korjattavaksi", "sv": "Öppna för rättelse", "en": "Reopen to correct"},
    "submit_unsaved": {"fi": "Kaikkea ei ole tallennettu ({n}): yritä uudelleen (ctrl+r) ja "
                             "merkitse sitten valmiiksi.",
                       "sv": "Allt är inte sparat ({n}): försök igen (ctrl+r) och markera sedan "
                             "som klart.",
                       "en": "Not everything is saved ({n}): retry (ctrl+r), then submit."},
    "status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    # help
    "help": {"fi": "Ohje", "sv": "Hjälp", "en": "Help"},
    "help_keys": {"fi": "Näppäimet", "sv": "Tangenter", "en": "Keys"},
    "help_text": {
        "fi": "↑/↓ tai j/k: kohdasta toiseen · y/n: kyllä/ei · numerot: asteikon kohta, "
              "vaihtoehto tai luku · ←/→: edellinen/seuraava vastausvaihtoehto · "
              "tekstikohtaan kirjoitetaan suoraan · Enter: tallenna ja "
              "jatka (Esc tekstikohdassa: tallenna ja palaa näppäinkomentoihin) · x: ei koske · "
              "m: muistiinpano · "
              "Del: tyhjennä vastaus · u: seuraava vastaamaton · s: yhteenveto · "
              "Esc: takaisin · ctrl+r: yritä tallentaa uudelleen · ctrl+p: komennot · ?: ohje · "
              "ctrl+q: lopeta. Jokainen vastaus tallentuu heti; tilarivi kertoo, kun se on "
              "levyllä.",
        "sv": "↑/↓ eller j/k: mellan punkter · y/n: ja/nej · siffror: skalsteg, alternativ "
              "eller tal · ←/→: föregående/nästa svarsalternativ · "
              "i en textpunkt skriver du direkt · Enter: spara och gå vidare (Esc i "
              "en textpunkt: spara och återgå till tangentkommandona) · "
              "x: ej tillämpligt · m: anteckning · "
              "Del: töm svaret · u: nästa obesvarade · s: sammandrag · Esc: tillbaka · "
              "ctrl+r: försök spara igen · ctrl+p: kommandon · ?: hjälp · ctrl+q: avsluta. "
              "Varje svar sparas genast; statusraden visar när det finns på disken.",
        "en": "↑/↓ or j/k: between items · y/n: yes/no · digits: scale point, option or "
              "number · ←/→: previous/next answer · "
              "on a text item just type · Enter: save and go on (Esc on a text item: "
              "save and get the command keys back) · "
              "x: not applicable · m: note · Del: clear the "
              "answer · u: next unanswered · s: summary · Esc: back · ctrl+r: retry saving · "
              "ctrl+p: commands · ?: help · ctrl+q: quit. "
              "Every answer is saved at once; the status line says when it is on disk.",
    },
    "help_visit_keys": {"fi": "Näppäimet käynnillä", "sv": "Tangenter under besöket",
                        "en": "Keys during a visit"},
    "help_marks": {"fi": "Kohtaluettelon merkit", "sv": "Tecknen i punktlistan",
                   "en": "The marks in the item list"},
    "help_marks_text": {
        "fi": "✓ vastattu ja tallennettu · – ei koske (vastattu) · ! pakollinen, vastaamatta · "
              "· vastaamatta · … tallennetaan parhaillaan · ✗ ei tallennettu (yritetään "
              "uudelleen; ctrl+r yrittää heti)",
        "sv": "✓ besvarad och sparad · – ej tillämpligt (besvarad) · ! obligatorisk, obesvarad · "
              "· obesvarad · … sparas just nu · ✗ inte sparad (försöker igen; ctrl+r försöker "
              "genast)",
        "en": "✓ answered and saved · – not applicable (answered) · ! required, unanswered · "
              "· unanswered · … being saved · ✗ not saved (retried; ctrl+r retries at once)",
    },
    "help_form": {"fi": "Uuden käynnin lomake", "sv": "Formuläret för ett nytt besök",
                  "en": "The new-visit form"},
    "help_form_text": {
        "fi": "Tab ja vaihto+Tab siirtävät kentästä toiseen; luettelossa muutaman "
              "kirjaimen kirjoittaminen hakee niitä sisältävät ja Enter valitsee. Käynnin "
              "aika kirjoitetaan 3.12.2026 klo 10.15 tai 2026-12-03 10:15. Rasti kertoo, ettei "
              "sinulla ole henkilökohtaista sidettä kirjaston henkilöstöön (välilyönti); ilman "
              "sitä käyntiä ei aloiteta. ctrl+s: aloita käynti · Lisää kirjasto / Lisää "
              "kierros: painikkeet lomakkeen alla · Esc: takaisin (täytetty katoaa, ja siitä "
              "kysytään ensin) · ?: ohje.",
        "sv": "Tab och skift+Tab flyttar mellan fälten; att skriva några bokstäver i en "
              "lista söker de poster som har dem och Enter väljer. Besökstiden skrivs "
              "3.12.2026 kl. 10.15 eller 2026-12-03 10:15. Krysset intygar att du inte har någon "
              "personlig anknytning till bibliotekets personal (mellanslag); utan det påbörjas "
              "inget besök. ctrl+s: påbörja besöket · Lägg till bibliotek / Lägg till omgång: "
              "knapparna under formuläret · Esc: tillbaka (det ifyllda försvinner, och du "
              "tillfrågas först) · ?: hjälp.",
        "en": "Tab and shift+Tab move between the fields; typing a few letters in a list "
              "finds the entries that hold them and Enter chooses. The visit's time is typed as "
              "3.12.2026 10.15 or 2026-12-03 10:15. The tick says you have no personal tie to "
              "the library's staff (space); without it no visit starts. ctrl+s: start the "
              "visit · Add library / Add round: the buttons under the form · Esc: back "
              "(what is filled in is lost, and you are asked first) · ?: help."},
    "help_summary": {"fi": "Yhteenveto", "sv": "Sammanfattning", "en": "The summary"},
    "help_summary_text": {
        "fi": "Käynnin pisteet periaatteittain, vastaamatta olevat pakolliset kohdat ja "
              "kommentti koko käynnistä. ↑ kommentista vie puuttuviin kohtiin, ja Enter "
              "kohdassa palaa siihen. Kommentti tallentuu Enterillä ja poistuttaessa. ctrl+s: "
              "merkitse käynti valmiiksi (sen jälkeen se lasketaan ja menee tiiminvetäjän "
              "tarkastettavaksi; vain kun pakolliset on vastattu ja kaikki tallennettu) · "
              "valmiin käynnin Avaa korjattavaksi -painike palauttaa sen luonnokseksi (kysytään "
              "ensin) · ctrl+r: yritä tallentaa uudelleen · Esc: takaisin kohtiin · ?: ohje.",
        "sv": "Besökets poäng per princip, obligatoriska punkter som saknar svar och en "
              "kommentar om hela besöket. ↑ från kommentaren går till de saknade punkterna, och "
              "Enter på en punkt går tillbaka till den. Kommentaren sparas med Enter och när du "
              "går ut. ctrl+s: markera besöket som klart (då räknas det och går till "
              "teamledarens granskning; bara när de obligatoriska är besvarade och allt är "
              "sparat) · knappen Öppna för rättelse gör ett klart besök till utkast "
              "igen (du tillfrågas först) · ctrl+r: försök spara igen · Esc: tillbaka till "
              "punkterna · ?: hjälp.",
        "en": "The visit's scores by principle, the required items still unanswered and a "
              "comment on the whole visit. ↑ from the comment goes to the missing items, and "
              "Enter on one goes back to it. The comment is saved with Enter and on leaving. "
              "ctrl+s: mark the visit done (it then counts and goes to the team lead's review; "
              "only once the required items are answered and everything is saved) · the "
              "button Reopen to correct makes a done visit a draft again (asked first) · ctrl+r: retry "
              "saving · Esc: back to the items · ?: help."},
    "help_view": {"fi": "Käynti (vain luettavissa)", "sv": "Besöket (skrivskyddat)",
                  "en": "A visit, read only"},
    "help_view_text": {
        "fi": "Käynti sellaisena kuin se tallennettiin: pisteet periaatteittain, jokaisen "
              "kysymyksen vastaus, muistiinpanot, kommentti ja tarkastushistoria. Täällä ei voi "
              "muuttaa mitään. Nuolinäppäimet ja PgUp/PgDn vierittävät · Esc: takaisin · "
              "?: ohje.",
        "sv": "Besöket som det sparades: poäng per princip, svaret på varje fråga, "
              "anteckningar, kommentaren och granskningshistoriken. Här kan inget ändras. "
              "Piltangenterna och PgUp/PgDn rullar · Esc: tillbaka · ?: hjälp.",
        "en": "The visit as it was saved: scores by principle, the answer to every question, "
              "notes, the comment and the review log. Nothing can be changed here. The arrow "
              "keys and PgUp/PgDn scroll · Esc: back · ?: help."},
    "help_plan": {"fi": "Suunnitelman eteneminen", "sv": "Planens framsteg",
                  "en": "Progress against the plan"},
    "help_plan_text": {
        "fi": "Kierroksen suunnitellut käynnit kirjastoittain tai arvioijittain: suunniteltu, "
              "kesken (aloitettu, ei vielä lähetetty) ja lähetetty. Yläpuolella näkyy, milloin "
              "henkilöstölle kerrottiin kierroksesta ja miksi sitä arvioidaan. v: kirjastot tai "
              "arvioijat · n: seuraava kierros, jolla on suunnitelma · t: kirjaa tai korjaa, "
              "milloin henkilöstölle kerrottiin, tarkoitus ja kuinka kauan tiedot säilytetään "
              "(tyhjennetty kenttä poistaa tiedon) · Esc: takaisin · ?: ohje. Suunnitelman "
              "tekee pilotkit plan make.",
        "sv": "Omgångens planerade besök per bibliotek eller per utvärderare: planerade, "
              "påbörjade (inte ännu inskickade) och inskickade. Ovanför syns när personalen "
              "informerades om omgången och varför den utvärderas. v: bibliotek eller "
              "utvärderare · n: nästa omgång med en plan · t: anteckna eller rätta när "
              "personalen informerades, syftet och hur länge uppgifterna sparas (ett tömt fält "
              "tar bort uppgiften) · Esc: tillbaka · ?: hjälp. Planen görs med pilotkit plan "
              "make.",
        "en": "A round's planned visits by library or by evaluator: planned, begun (not yet "
              "submitted) and submitted. Above them, when staff were told of the round and why "
              "it is evaluated. v: libraries or evaluators · n: the next round with a plan · "
              "t: record or correct when staff were told, the purpose and how long the data is "
              "kept (an emptied field is cleared) · Esc: back · ?: help. A plan is made with "
              "pilotkit plan make."},
    "help_review": {"fi": "Tarkastusjono", "sv": "Granskningskön", "en": "The review queue"},
    "help_review_text": {
        "fi": "Luettelossa ovat tarkastettavat käynnit uusimmasta alkaen; valitun käynnin "
              "tiedot ja pisteet näkyvät alla. a: hyväksy (käynti lasketaan silloin myös "
              "vertailuihin, joissa lasketaan vain hyväksytyt) · "
              "r: hylkää perustellen (käyntiä ei lasketa koskaan) · t: palauta arvioijalle "
              "korjattavaksi perustellen · u: kumoa valittu tai viimeksi tehty päätös · "
              "f: rajaukset – näytä palautetut, hylätyt tai hyväksytyt, tai vain yhden kirjaston "
              "tai kierroksen käynnit · Enter: avaa käynti luettavaksi · Esc: takaisin · ?: ohje. Lisää "
              "käyntejä luetaan, kun selaat alaspäin.",
        "sv": "Listan visar besöken att granska, det senaste först; det valda besökets "
              "uppgifter och poäng syns nedanför. a: godkänn (räknas då också i jämförelser av "
              "endast godkända) · "
              "r: avvisa med motivering (besöket räknas aldrig) · t: returnera till "
              "utvärderaren för rättelse med motivering · u: ångra det valda eller senaste "
              "beslutet · f: filter – visa returnerade, avvisade eller godkända, eller bara ett "
              "biblioteks eller en omgångs besök · Enter: öppna besöket för läsning · Esc: tillbaka · ?: "
              "hjälp. Fler besök läses in när du bläddrar nedåt.",
        "en": "The list holds the visits to review, newest first; the chosen visit's details "
              "and scores are shown below it. a: approve (it then counts in approved-only "
              "comparisons too) · "
              "r: reject with a reason (the visit never counts) · t: return to the evaluator "
              "for correction, with a reason · u: undo the chosen or the last decision · "
              "f: filters – show the returned, rejected or approved visits, or only one "
              "library's or one round's · Enter: open the visit to read · Esc: back · ?: help. More "
              "visits are read as you scroll down.",
    },
    "review_only": {"fi": "Vain {names}", "sv": "Endast {names}", "en": "Only {names}"},
    "review_none_here": {"fi": "Ei käyntejä tällä rajauksella.",
                         "sv": "Inga besök med det här filtret.",
                         "en": "No visits with this filter."},
    "help_start": {"fi": "Aloitusnäyttö", "sv": "Startskärmen", "en": "The start screen"},
    "help_start_text": {
        "fi": "Luettelossa ovat tällä koneella keskeneräiset käynnit ja korjattavaksi "
              "palautetut (↩); muilta koneilta yhdistetyt vain lasketaan luettelon alla. ↑/↓ "
              "valitsee ja Enter jatkaa valittua. ctrl+n: uusi käynti · e: korjaa valitun "
              "luonnoksen kirjasto, kierros, kanava tai aika · d: poista valittu luonnos · "
              "c: vertailu · r: tarkastusjono ja s: suunnitelman eteneminen (vain tiiminvetäjän "
              "tietokannassa) · Suunnitellut käynnit: Enter täyttää uuden käynnin lomakkeen · "
              "l: lisää kirjasto · o: lisää kierros · g: yhdistä toisen kannettavan tietokanta · p: "
              "virheet skenaariotiedostoissa · ctrl+p: kaikki komennot · ?: ohje · ctrl+q: "
              "lopeta.",
        "sv": "Listan visar besök som inte är klara på den här datorn och besök som "
              "returnerats för rättelse (↩); de som sammanförts från andra datorer räknas "
              "bara under listan. ↑/↓ väljer och Enter fortsätter det valda. ctrl+n: nytt besök · e: rätta "
              "det valda utkastets bibliotek, omgång, kanal eller tid · d: kassera det valda "
              "utkastet · c: jämförelse · r: granskningskö och s: planens framsteg (bara i "
              "teamledarens databas) · Planerade besök: Enter fyller i formuläret · "
              "l: lägg till bibliotek · o: lägg till omgång · g: sammanfoga en annan bärbar "
              "dators databas · p: fel i scenariofilerna · ctrl+p: alla kommandon · ?: hjälp · "
              "ctrl+q: avsluta.",
        "en": "The list holds the visits this laptop is still filling and those returned "
              "for correction (↩); those merged in from other laptops are only counted under "
              "it. ↑/↓ choose and Enter goes on with the chosen one. ctrl+n: new visit · "
              "e: correct the chosen draft's library, round, channel or time · d: discard the "
              "chosen draft · c: comparison · r: review queue and s: progress against the plan "
              "(a team lead's database only) · Planned visits: Enter fills in the form · "
              "l: add a library · o: add a round · g: merge another laptop's database · "
              "p: problems in the scenario files · ctrl+p: every command · ?: help · "
              "ctrl+q: quit.",
    },
    "help_principles": {"fi": "Palveluperiaatteet", "sv": "Serviceprinciper",
                        "en": "The service principles"},
    # command palette
    "k_close_menu": {"fi": "Sulje valikko", "sv": "Stäng menyn", "en": "Close menu"},
    "k_palette": {"fi": "komennot", "sv": "kommandon", "en": "commands"},
    "palette_search": {"fi": "Etsi komentoa…", "sv": "Sök kommando…", "en": "Search for commands…"},
    "palette_no_matches": {"fi": "Ei osumia", "sv": "Inga träffar", "en": "No matches found"},
    "cmd_all": {"fi": "kaikki komennot", "sv": "alla kommandon", "en": "all commands"},
    "cmd_help": {"fi": "Näytä ohje", "sv": "Visa hjälp", "en": "Show help"},
    "cmd_new": {"fi": "Aloita uusi käynti", "sv": "Börja ett nytt besök", "en": "Start a new visit"},
    "cmd_contrast": {"fi": "Vaihda suuri kontrasti", "sv": "Växla hög kontrast",
                     "en": "Toggle high contrast"},
    "cmd_quit": {"fi": "Lopeta pilotkit", "sv": "Avsluta pilotkit", "en": "Quit pilotkit"},
    "cmd_summary": {"fi": "Käynnin yhteenveto", "sv": "Besökets sammandrag",
                    "en": "Visit summary"},
    "cmd_retry": {"fi": "Yritä tallentaa uudelleen", "sv": "Försök spara igen",
                  "en": "Retry saving"},
    "cmd_unanswered": {"fi": "Seuraava vastaamaton kohta", "sv": "Nästa obesvarade punkt",
                       "en": "Next unanswered item"},
    # comparisons and review
    "compare": {"fi": "Vertailu", "sv": "Jämförelse", "en": "Compare"},
    "k_compare": {"fi": "Vertailu", "sv": "Jämför", "en": "Compare"},
    "k_review": {"fi": "Tarkastus", "sv": "Granskning", "en": "Review"},
    "k_toggle_change": {"fi": "Muutos/taso", "sv": "Förändring/nivå", "en": "Change/level"},
    "k_filters": {"fi": "Rajaukset", "sv": "Filter", "en": "Filters"},
    "k_profile": {"fi": "Profiili", "sv": "Profil", "en": "Profile"},
    "profile": {"fi": "periaateprofiili kierroksittain", "sv": "principprofil per omgång",
                "en": "principle profile by round"},
    "k_export": {"fi": "Vie CSV", "sv": "Exportera CSV", "en": "Export CSV"},
    "k_approve": {"fi": "Hyväksy", "sv": "Godkänn", "en": "Approve"},
    "k_reject": {"fi": "Hylkää", "sv": "Avvisa", "en": "Reject"},
    "filter_show": {"fi": "Näytä", "sv": "Visa", "en": "Show"},
    "merge_button": {"fi": "Yhdistä", "sv": "Slå ihop", "en": "Merge"},
    "k_merge": {"fi": "Yhdistä tietokanta", "sv": "Slå ihop databas", "en": "Merge database"},
    "all": {"fi": "kaikki", "sv": "alla", "en": "all"},
    "from_round": {"fi": "Kierroksesta", "sv": "Från omgång", "en": "From round"},
    "to_round": {"fi": "Kierrokseen", "sv": "Till omgång", "en": "To round"},
    "level_view": {"fi": "Taso: keskiarvo ja n", "sv": "Nivå: medelvärde och n",
                   "en": "Level: mean and n"},
    "no_data": {"fi": "Ei laskettavia käyntejä.", "sv": "Inga besök att räkna.",
                "en": "No visits to count."},
    "no_data_narrowed": {"fi": "Näillä rajauksilla ei ole laskettavia käyntejä: f muuttaa "
                               "rajauksia.",
                         "sv": "Inga besök att räkna med de här avgränsningarna: f ändrar dem.",
                         "en": "No visits to count with these filters: f changes them."},
    "cell_visits": {"fi": "Solun käynnit", "sv": "Cellens besök", "en": "Visits in the cell"},
    "item_moves": {"fi": "Kohdat, jotka muuttuivat", "sv": "Punkter som förändrades",
                   "en": "Items that moved"},
    "left_out": {"fi": "{n} kohtaa jätetty pois: ne eivät ole molempien kierrosten versioissa",
                 "sv": "{n} punkter utelämnade: de finns inte i båda omgångarnas versioner",
                 "en": "{n} items left out: they are not in both rounds' scenario versions"},
    "k_round": {"fi": "Kierros", "sv": "Omgång", "en": "Round"},
    "k_round_prev": {"fi": "Edellinen kierros", "sv": "Föregående omgång",
                     "en": "Previous round"},
    "k_approved": {"fi": "Hyväksytyt", "sv": "Godkända", "en": "Approved"},
    "k_same": {"fi": "Samat skenaariot", "sv": "Samma scenarier", "en": "Same scenarios"},
    "k_adjust": {"fi": "Monivertailukorjaus", "sv": "Korrigering för många test",
                 "en": "Adjust for many changes"},
    "k_rename": {"fi": "Nimeä kirjasto", "sv": "Byt bibliotekets namn", "en": "Rename library"},
    "level_title": {"fi": "Taso · {round}", "sv": "Nivå · {round}", "en": "Level · {round}"},
    "round_keys": {"fi": "[ ] vaihtaa kierrosta", "sv": "[ ] byter omgång",
                   "en": "[ ] changes the round"},
    "change_title": {"fi": "Muutos · {start} → {end}", "sv": "Förändring · {start} → {end}",
                     "en": "Change · {start} → {end}"},
    "counted_all": {"fi": "Lasketaan valmiit ja hyväksytyt käynnit (a: vain hyväksytyt)",
                    "sv": "Klara och godkända besök räknas (a: bara godkända)",
                    "en": "Counted: submitted and approved visits (a: approved only)"},
    "counted_approved": {"fi": "Lasketaan vain hyväksytyt käynnit (a: myös valmiit)",
                         "sv": "Endast godkända besök räknas (a: även klara)",
                         "en": "Counted: approved visits only (a: submitted too)"},
    "shown_narrowed": {"fi": "Rajattu kuten vertailu: {what}",
                       "sv": "Avgränsat som jämförelsen: {what}",
                       "en": "Narrowed as the comparison is: {what}"},
    "report_narrowed": {"fi": "Raportti rajataan kuten vertailu: {what}",
                        "sv": "Rapporten avgränsas som jämförelsen: {what}",
                        "en": "The report is narrowed as the comparison is: {what}"},
    "narrowed_approved": {"fi": "vain hyväksytyt", "sv": "bara godkända",
                          "en": "approved only"},
    "same_scenarios_on": {"fi": "vain kaikilla kierroksilla käytetyt skenaariot (s)",
                          "sv": "bara scenarier som fanns i alla omgångar (s)",
                          "en": "only scenarios visited in every round (s)"},
    "legend_small": {"fi": "* n < 3: suuntaa antava", "sv": "* n < 3: riktgivande",
                     "en": "* n < 3: indicative only"},
    "legend_too_few": {"fi": "? liian vähän käyntejä", "sv": "? för få besök",
                       "en": "? too few visits to say"},
    "legend_clear": {"fi": "▲▼ selvä muutos", "sv": "▲▼ tydlig förändring",
                     "en": "▲▼ clear change"},
    "adjust_now": {"fi": "Monivertailukorjaus: {method}", "sv": "Korrigering för många test: "
                   "{method}", "en": "Multiple-comparison adjustment: {method}"},
    "adjust_now_in_change": {
        "fi": "Monivertailukorjaus: {method} (näkyy muutosnäkymässä, d)",
        "sv": "Korrigering för många test: {method} (syns i förändringsvyn, d)",
        "en": "Multiple-comparison adjustment: {method} (shown in the change view, d)"},
    "adjust_none": {"fi": "ei korjausta", "sv": "ingen korrigering", "en": "none"},
    "round_keys_in_change": {
        "fi": "Muutosnäkymän kierrokset valitaan rajauksista (f); [ ja ] vaihtavat tason "
              "kierrosta (d)",
        "sv": "Förändringsvyns omgångar väljs i filtren (f); [ och ] byter nivåns omgång (d)",
        "en": "The change view's rounds are chosen in the filters (f); [ and ] change the "
              "level's round (d)"},
    "review_undo_first": {"fi": "Käynnistä on jo päätetty ({status}): kumoa päätös ensin (u).",
                          "sv": "Besöket är redan avgjort ({status}): ångra beslutet först (u).",
                          "en": "The visit is already decided ({status}): undo the decision "
                                "first (u)."},
    "review_nothing_chosen": {"fi": "Ei käyntiä, josta päättää.",
                              "sv": "Inget besök att besluta om.",
                              "en": "No visit to decide on."},
    "library_added": {"fi": "Kirjasto lisätty: {name} ({isil})",
                      "sv": "Biblioteket tillagt: {name} ({isil})",
                      "en": "Library added: {name} ({isil})"},
    "round_added": {"fi": "Kierros lisätty: {label} ({id})", "sv": "Omgången tillagd: {label} "
                    "({id})", "en": "Round added: {label} ({id})"},
    "legend_adjusted": {"fi": "▲▼ selvä {method} korjauksen jälkeen, △▽ vain ilman (m)",
                        "sv": "▲▼ tydlig efter {method} korrigering, △▽ bara utan (m)",
                        "en": "▲▼ clear after {method} adjustment, △▽ only without (m)"},
    "legend_mixed": {"fi": "≠ eri skenaariot kierroksilla (s)",
                     "sv": "≠ olika scenarier i omgångarna (s)",
                     "en": "≠ different scenarios in the two rounds (s)"},
    "legend_chance": {"fi": "{clear}/{tested} selviä; sattumalta n. {expected} (m)",
                      "sv": "{clear}/{tested} tydliga; av slump ca {expected} (m)",
                      "en": "{clear}/{tested} clear; by chance alone about {expected} (m)"},
    "legend_chance_adjusted": {"fi": "{kept}/{tested} selviä korjattuna, {clear} ilman (m)",
                               "sv": "{kept}/{tested} tydliga efter korrigering, {clear} utan (m)",
                               "en": "{kept}/{tested} clear after adjustment, {clear} without (m)"},
    "detail_row": {"fi": "Enter tai p: profiili kierroksittain · n: nimeä kirjasto",
                   "sv": "Enter eller p: profil per omgång · n: byt bibliotekets namn",
                   "en": "Enter or p: profile by round · n: rename the library"},
    "detail_level": {"fi": "{mean} {pm} (95 %:n väli {interval}) · n = {n} käyntiä · "
                           "Enter: käynnit",
                     "sv": "{mean} {pm} (95 %-intervall {interval}) · n = {n} besök · "
                           "Enter: besöken",
                     "en": "{mean} {pm} (95 % interval {interval}) · n = {n} visits · "
                           "Enter: the visits"},
    "detail_one": {"fi": "{mean} · n = {n}: yksi käynti, ei väliä · Enter: käynti",
                   "sv": "{mean} · n = {n}: ett besök, inget intervall · Enter: besöket",
                   "en": "{mean} · n = {n}: a single visit, no interval · Enter: the visit"},
    "detail_too_few": {"fi": "Liian vähän käyntejä: n = {n}, 95 %:n väli {interval} on "
                             "leveämpi kuin koko asteikko 0–100",
                       "sv": "För få besök: n = {n}, 95 %-intervallet {interval} är bredare "
                             "än hela skalan 0–100",
                       "en": "Too few visits to say: n = {n}, the 95 % interval {interval} is "
                             "wider than the whole 0–100 scale"},
    "detail_too_few_change": {"fi": "liian vähän käyntejä: väli {interval} on yli 100 pistettä",
                              "sv": "för få besök: intervallet {interval} är över 100 poäng",
                              "en": "too few visits to say: the interval {interval} spans over "
                                    "100 points"},
    "detail_no_interval": {"fi": "liian vähän käyntejä: alle 2 jommallakummalla kierroksella",
                           "sv": "för få besök: under 2 i någon av omgångarna",
                           "en": "too few visits to say: fewer than 2 in a round"},
    "detail_mixed": {"fi": "≠ eri skenaariot", "sv": "≠ olika scenarier",
                     "en": "≠ different scenarios"},
    "verdict_clear": {"fi": "selvä", "sv": "tydlig", "en": "clear"},
    "verdict_only_alone": {"fi": "selvä vain ilman korjausta", "sv": "tydlig bara utan korrigering",
                           "en": "clear only without adjustment"},
    "verdict_unclear": {"fi": "voi olla sattumaa", "sv": "kan vara slump", "en": "may be chance"},
    "need_two_rounds": {"fi": "Muutos näytetään kahden eri kierroksen välillä: valitse ne (f)",
                        "sv": "Förändringen visas mellan två olika omgångar: välj dem (f)",
                        "en": "A change is shown between two different rounds: choose them (f)"},
    "rename_library": {"fi": "Nimeä kirjasto {isil}", "sv": "Byt namn på {isil}",
                       "en": "Rename library {isil}"},
    "export_counts_note": {"fi": "näkymän luvut", "sv": "vyns tal", "en": "the numbers shown"},
    "score": {"fi": "Pisteet", "sv": "Poäng", "en": "Score"},
    "evaluator_short": {"fi": "Arvioija", "sv": "Utvärderare", "en": "Evaluator"},
    "before": {"fi": "Ennen", "sv": "Före", "en": "Before"},
    "after": {"fi": "Jälkeen", "sv": "Efter", "en": "After"},
    "item": {"fi": "Kohta", "sv": "Punkt", "en": "Item"},
    "no_item_moved": {"fi": "Yksikään kohta ei muuttunut.", "sv": "Ingen punkt förändrades.",
                      "en": "No item moved."},
    "unchanged_items": {"fi": "{n} kohtaa ennallaan.", "sv": "{n} punkter oförändrade.",
                        "en": "{n} items unchanged."},
    "read_only": {"fi": "Vain luku: Esc palaa.", "sv": "Endast läsning: Esc går tillbaka.",
                  "en": "Read only: Esc goes back."},
    "review_log": {"fi": "Tarkastushistoria", "sv": "Granskningshistorik", "en": "Review log"},
    "k_goals": {"fi": "Tavoitteet", "sv": "Mål", "en": "Goals"},
    "goals_title": {"fi": "Pilotin tavoitteet, mittarit ja jatko raporttiin",
                    "sv": "Pilotens mål, indikatorer och fortsättning för rapporten",
                    "en": "The pilot's goals, indicators and next steps for the report"},
    "goals_hint": {"fi": "Omin sanoin; # rivin alussa aloittaa otsikon. ctrl+s tallentaa.",
                   "sv": "Med egna ord; # i början av en rad inleder en rubrik. ctrl+s sparar.",
                   "en": "In your own words; # at the start of a line begins a heading. "
                         "ctrl+s saves."},
    "goals_unsaved": {"fi": "Tekstiä ei ole tallennettu: ctrl+s tallentaa, Esc uudelleen hylkää.",
                      "sv": "Texten är inte sparad: ctrl+s sparar, Esc igen kastar den.",
                      "en": "The text is not saved: ctrl+s saves, Esc again throws it away."},
    "goals_saved": {"fi": "Tavoitteet tallennettu raporttia varten.",
                    "sv": "Målen sparade för rapporten.", "en": "Goals saved for the report."},
    "k_report": {"fi": "Raportti", "sv": "Rapport", "en": "Report"},
    "report_to": {"fi": "Kirjoita raportti (HTML) kierroksista, jotka näkyvät",
                  "sv": "Skriv rapporten (HTML) om omgångarna som visas",
                  "en": "Write the report (HTML) for the rounds shown"},
    "scores_file": {"fi": "pilotkit-pisteet.csv", "sv": "pilotkit-poang.csv",
                    "en": "pilotkit-scores.csv"},
    "report_file": {"fi": "pilotkit-raportti.html", "sv": "pilotkit-rapport.html",
                    "en": "pilotkit-report.html"},
    "report_written": {"fi": "Raportti kirjoitettu: {path}", "sv": "Rapporten skriven: {path}",
                       "en": "Report written: {path}"},
    "help_compare_numbers": {"fi": "Mitä luvut tarkoittavat", "sv": "Vad talen betyder",
                             "en": "What the numbers mean"},
    "help_compare_mde_heading": {"fi": "Mikä muutos on havaittavissa",
                                 "sv": "Vilken förändring som kan upptäckas",
                                 "en": "What change can be seen"},
    "help_compare_mde": {
        "fi": "Kierrosten {first} → {last} vertailussa tyypillisen kirjaston todellinen "
              "muutos havaitaan 80 %:n todennäköisyydellä (taso 5 %), kun se on vähintään "
              "{mde} pistettä: mediaani {libraries} kirjastosta, joilla on {before} ja {after} "
              "käyntiä. Pienempi todellinen muutos jää helposti epäselväksi.",
        "sv": "I jämförelsen {first} → {last} upptäcks en verklig förändring i ett typiskt "
              "bibliotek med 80 % sannolikhet (nivå 5 %) när den är minst {mde} poäng: median "
              "av {libraries} bibliotek med {before} och {after} besök. En mindre verklig "
              "förändring förblir lätt oklar.",
        "en": "Comparing {first} → {last}, a typical library's true change is detected with "
              "80 % probability (5 % level) when it is at least {mde} points: the median of "
              "{libraries} libraries with {before} and {after} visits. A smaller true change "
              "easily stays unclear."},
    "help_compare_mde_none": {
        "fi": "Pienintä havaittavaa muutosta ei voi laskea: yhdelläkään kirjastolla ei ole "
              "kahta laskettua käyntiä kummallakin vertailun kierroksella.",
        "sv": "Den minsta upptäckbara förändringen kan inte beräknas: inget bibliotek har två "
              "besök som räknas i båda omgångarna.",
        "en": "The smallest detectable change cannot be worked out: no library has two "
              "counted visits in both rounds compared."},
    "help_compare_warnings": {"fi": "Varoitukset", "sv": "Varningar", "en": "Warnings"},
    "help_compare_keys": {
        "fi": "d: taso/muutos · [ ja ]: kierros · ←→↑↓: solusta toiseen (luku selitetään "
              "alla) · Enter: solun käynnit, käynnillä Enter avaa sen · a: vain hyväksytyt / "
              "myös valmiit · s: vain yhteiset skenaariot · m: monivertailukorjaus (Holm, "
              "Benjamini–Hochberg, ei) · f: kierrokset ja rajaukset · p: kirjaston profiili · "
              "n: nimeä kirjasto · e: vie CSV · r: raportti (HTML) · g: raportin tavoitteet · "
              "Esc: takaisin · "
              "ctrl+q: lopeta.",
        "sv": "d: nivå/förändring · [ och ]: omgång · ←→↑↓: mellan celler (talet förklaras "
              "nedan) · Enter: cellens besök, på ett besök öppnar Enter det · a: bara godkända / "
              "även klara · s: bara gemensamma scenarier · m: korrigering för många test "
              "(Holm, Benjamini–Hochberg, ingen) · f: omgångar och filter · p: bibliotekets "
              "profil · n: byt bibliotekets namn · e: exportera CSV · r: rapport (HTML) · "
              "g: rapportens mål · "
              "Esc: tillbaka · "
              "ctrl+q: avsluta.",
        "en": "d: level/change · [ and ]: round · ←→↑↓: between cells (the number is explained "
              "below the table) · Enter: the visits in a cell; on a visit, Enter opens it · "
              "a: approved only / submitted too · s: shared scenarios only · m: adjust for many "
              "changes (Holm, Benjamini–Hochberg, none) · f: rounds and filters · p: the "
              "library's profile · n: rename the library · e: export CSV · r: report (HTML) · "
              "g: the report's goals · "
              "Esc: back · "
              "ctrl+q: quit.",
    },
    "help_compare_many": {
        "fi": "Monta muutosta kerralla: kun 48 muutosta testataan 95 %:n tasolla, noin 2–3 "
              "näyttää selvältä pelkästä sattumasta. Näkymä kertoo, montako niitä olisi odotettavissa; "
              "m ottaa käyttöön Holmin tai Benjamini–Hochbergin korjauksen.",
        "sv": "Många förändringar på en gång: när 48 förändringar testas på 95 %-nivån ser ungefär "
              "2–3 tydliga ut av ren slump. Vyn säger hur många som vore att vänta; m slår på "
              "Holms eller Benjamini–Hochbergs korrigering.",
        "en": "Many changes at once: when 48 changes are tested at 95 %, about 2 or 3 look clear "
              "by chance alone. The screen says how many to expect; m turns on Holm's or "
              "Benjamini–Hochberg's adjustment.",
    },
    "review_queue": {"fi": "Tarkastettavat käynnit", "sv": "Besök att granska",
                     "en": "Visits to review"},
    "reason": {"fi": "Syy", "sv": "Orsak", "en": "Reason"},
    "export_to": {"fi": "Vie tiedostoon", "sv": "Exportera till fil", "en": "Export to file"},
    "path": {"fi": "Polku", "sv": "Sökväg", "en": "Path"},
    "exported": {"fi": "Viety: {path}", "sv": "Exporterat: {path}", "en": "Exported: {path}"},
    "merge_from": {"fi": "Yhdistä toisen kannettavan tietokanta",
                   "sv": "Slå ihop en annan bärbar dators databas",
                   "en": "Merge another laptop's database"},
    # roles
    "role_lead": {"fi": "tiiminvetäjän tietokanta", "sv": "teamledarens databas",
                  "en": "team lead's database"},
    "role_evaluator": {"fi": "arvioijan tietokanta", "sv": "utvärderarens databas",
                       "en": "evaluator's database"},
    "review_needs_lead": {
        "fi": "Käynnit tarkastetaan tiiminvetäjän tietokannassa (pilotkit role lead).",
        "sv": "Besök granskas i teamledarens databas (pilotkit role lead).",
        "en": "Visits are reviewed in the team lead's database (pilotkit role lead).",
    },
    # the review queue
    "review_showing": {"fi": "{what}: {n}", "sv": "{what}: {n}", "en": "{what}: {n}"},
    "review_showing_more": {"fi": "{what}: {n} · listattu {shown}, lisää alaspäin selatessa",
                            "sv": "{what}: {n} · {shown} listade, fler när du bläddrar nedåt",
                            "en": "{what}: {n} · {shown} listed, more as you scroll down"},
    "review_submitted": {"fi": "Tarkastettavat käynnit", "sv": "Besök att granska",
                         "en": "Visits to review"},
    "review_returned": {"fi": "Korjattavaksi palautetut", "sv": "Returnerade för rättelse",
                        "en": "Returned for correction"},
    "review_rejected": {"fi": "Hylätyt", "sv": "Avvisade", "en": "Rejected"},
    "review_approved": {"fi": "Hyväksytyt", "sv": "Godkända", "en": "Approved"},
    "review_none_submitted": {"fi": "Ei tarkastettavia käyntejä.",
                              "sv": "Inga besök att granska.", "en": "Nothing to review."},
    "review_none_returned": {"fi": "Ei korjattavaksi palautettuja käyntejä.",
                             "sv": "Inga besök returnerade för rättelse.",
                             "en": "No visits returned for correction."},
    "review_none_rejected": {"fi": "Ei hylättyjä käyntejä.", "sv": "Inga avvisade besök.",
                             "en": "No rejected visits."},
    "review_none_approved": {"fi": "Ei hyväksyttyjä käyntejä.", "sv": "Inga godkända besök.",
                             "en": "No approved visits."},
    "k_return": {"fi": "Palauta", "sv": "Returnera", "en": "Return"},
    "k_undo": {"fi": "Kumoa", "sv": "Ångra", "en": "Undo"},
    "notes": {"fi": "Huomiot", "sv": "Anteckningar", "en": "Notes"},
    "approve_title": {"fi": "Hyväksytäänkö käynti?", "sv": "Godkänna besöket?",
                      "en": "Approve this visit?"},
    "reject_title": {"fi": "Hylkää käynti: se ei tule mukaan vertailuihin",
                     "sv": "Avvisa besöket: det räknas inte i jämförelser",
                     "en": "Reject the visit: it will not count in comparisons"},
    "return_title": {"fi": "Palauta käynti arvioijalle korjattavaksi",
                     "sv": "Returnera besöket till utvärderaren för rättelse",
                     "en": "Return the visit to its evaluator for correction"},
    "reject_reason": {"fi": "Syy hylkäämiseen", "sv": "Orsak till avvisningen",
                      "en": "Why it is rejected"},
    "return_reason": {"fi": "Mitä pitää korjata", "sv": "Vad ska rättas",
                      "en": "What to correct"},
    "undo_title": {"fi": "Kumotaanko päätös ({decision})?", "sv": "Ångra beslutet ({decision})?",
                   "en": "Undo the decision ({decision})?"},
    "approve_done": {"fi": "Hyväksytty: {visit}. u kumoaa.", "sv": "Godkänt: {visit}. u ångrar.",
                     "en": "Approved: {visit}. u undoes it."},
    "reject_done": {"fi": "Hylätty: {visit}. u kumoaa.", "sv": "Avvisat: {visit}. u ångrar.",
                    "en": "Rejected: {visit}. u undoes it."},
    "return_done": {"fi": "Palautettu korjattavaksi: {visit}. u kumoaa.",
                    "sv": "Returnerat för rättelse: {visit}. u ångrar.",
                    "en": "Returned for correction: {visit}. u undoes it."},
    "undo_done": {"fi": "Päätös kumottu: {visit}.", "sv": "Beslutet ångrat: {visit}.",
                  "en": "Decision undone: {visit}."},
    "nothing_to_undo": {"fi": "Ei kumottavaa päätöstä.", "sv": "Inget beslut att ångra.",
                        "en": "No decision to undo."},
    # drafts on the start screen
    "returned_for": {"fi": "Palautettu korjattavaksi: {reason}",
                     "sv": "Returnerat för rättelse: {reason}",
                     "en": "Returned for correction: {reason}"},
    "discard_draft": {"fi": "Poista luonnos", "sv": "Kassera utkastet", "en": "Discard a draft"},
    "correct_draft": {"fi": "Korjaa luonnoksen kirjasto, kierros, kanava tai aika",
                      "sv": "Rätta utkastets bibliotek, omgång, kanal eller tid",
                      "en": "Correct a draft's library, round, channel or time"},
    "discard_title": {"fi": "Poistetaanko luonnos lopullisesti? Sitä ei saa takaisin.",
                      "sv": "Kassera utkastet för gott? Det går inte att få tillbaka.",
                      "en": "Discard this draft for good? It cannot be brought back."},
    "k_discard": {"fi": "Poista", "sv": "Kassera", "en": "Discard"},
    "discard_done": {"fi": "Luonnos poistettu.", "sv": "Utkastet kasserat.",
                     "en": "Draft discarded."},
    "no_draft_chosen": {"fi": "Listalla ei ole keskeneräistä käyntiä: e korjaa ja d poistaa "
                              "listalta valitun.",
                        "sv": "Listan har inget påbörjat besök: e rättar och d kasserar det "
                              "som är valt i listan.",
                        "en": "No unfinished visit in the list: e corrects and d discards the "
                              "one chosen there."},
    "only_drafts": {"fi": "Vain luonnoksen voi poistaa: korjattavaksi palautettu käynti "
                          "korjataan ja merkitään uudelleen valmiiksi.",
                    "sv": "Bara ett utkast kan kasseras: ett besök som returnerats för "
                          "rättelse rättas och markeras som klart igen.",
                    "en": "Only a draft can be discarded: a visit returned for correction is "
                          "corrected and submitted again."},
    "answers_n": {"fi": "vastauksia {n}", "sv": "{n} svar", "en": "{n} answers"},
    "correct_title": {"fi": "Korjaa käynnin tiedot", "sv": "Rätta besökets uppgifter",
                      "en": "Correct the visit's details"},
    "details_saved": {"fi": "Käynnin tiedot korjattu.", "sv": "Besökets uppgifter rättade.",
                      "en": "The visit's details are corrected."},
}

# Words for stored values come from the core, which the exports and tables share.
MESSAGES.update({key: {lang: title_label("answer", key, lang) for lang in LANGS}
                 for key in LABELS["answer"]})
MESSAGES["overall"] = {lang: title_label("principle", "overall", lang) for lang in LANGS}
MESSAGES.update({f"status_{key}": {lang: label("status", key, lang) for lang in LANGS}
                 for key in LABELS["status"]})
MESSAGES.update({f"channel_{key}": {lang: title_label("channel", key, lang) for lang in LANGS}
                 for key in LABELS["channel"]})

_lang: Lang = "en"


def set_language(lang: Lang) -> None:
    global _lang
    _lang = lang


def current_language() -> Lang:
    return _lang


def t(key: str, **values: object) -> str:
    """The message `key` in the current language, with `{name}` fields filled in."""
    text = MESSAGES[key].get(_lang) or MESSAGES[key]["en"]
    return text.format(**values) if values else text


def localize_bindings(node: DOMNode) -> None:
    """Translate binding descriptions that are message keys (Textual's are fixed strings)."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [replace(b, description=t(b.description))
                      if b.description in MESSAGES else b for b in bindings]
