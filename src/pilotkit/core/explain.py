"""What the numbers of a comparison mean, in plain words, in Finnish, Swedish and English.

The command line's tables and the terminal app's comparison screens and
help page say the same thing in the same words: which visits are counted,
what n, the interval and "clear" mean, and the warnings (too few visits, a
different scenario mix, changes that look clear by chance).
"""

from __future__ import annotations

from collections.abc import Mapping

TEXTS: dict[str, dict[str, str]] = {
    "counted_all": {
        "fi": "Lasketaan valmiit ja hyväksytyt käynnit; luonnokset, palautetut ja hylätyt "
              "eivät ole mukana.",
        "sv": "Klara och godkända besök räknas; utkast, returnerade och avvisade räknas "
              "aldrig.",
        "en": "Counted: submitted and approved visits; drafts, returned and rejected visits "
              "never count.",
    },
    "counted_approved": {
        "fi": "Lasketaan vain hyväksytyt käynnit.",
        "sv": "Endast godkända besök räknas.",
        "en": "Counted: approved visits only.",
    },
    "same_scenarios": {
        "fi": "Vain skenaariot, joita käytettiin kirjastossa kaikilla vertailluilla kierroksilla.",
        "sv": "Endast scenarier som biblioteket fick i alla jämförda omgångar.",
        "en": "Only the scenarios each library was visited with in every round compared.",
    },
    "n": {
        "fi": "n = käyntien määrä, joilla periaatteelle on pistemäärä (0–100).",
        "sv": "n = antalet besök med poäng (0–100) för principen.",
        "en": "n = the number of visits with a score (0–100) for the principle.",
    },
    "interval": {
        "fi": "± ja [ ; ] = 95 %:n väli: jos vastaavia käyntejä tehtäisiin paljon lisää, niiden "
              "keskiarvo osuisi 95 %:n varmuudella tälle välille. Mitä vähemmän ja "
              "vaihtelevampia käyntejä, sitä leveämpi väli.",
        "sv": "± och [ ; ] = 95 %-intervallet: om många fler liknande besök gjordes skulle deras "
              "medelvärde med 95 % säkerhet hamna här. Ju färre och mer varierande besök, "
              "desto bredare intervall.",
        "en": "± and [ , ] = the 95 % interval: with many more visits like these, their average "
              "would lie in it 95 times out of 100. The fewer and the more varied the visits, "
              "the wider it is.",
    },
    "clear": {
        "fi": "▲/▼ selvä muutos: muutoksen 95 %:n väli on kokonaan nollan ylä- tai alapuolella. "
              "Muuten muutos voi olla sattumaa.",
        "sv": "▲/▼ tydlig förändring: förändringens 95 %-intervall ligger helt över eller under "
              "noll. Annars kan förändringen vara slump.",
        "en": "▲/▼ clear change: the 95 % interval of the change lies wholly above or below "
              "zero. Otherwise the change may be chance.",
    },
    "small": {
        "fi": "* pieni otos (n < 3): suuntaa antava.",
        "sv": "* litet urval (n < 3): endast riktgivande.",
        "en": "* small sample (n < 3): indicative only.",
    },
    "too_few": {
        "fi": "liian vähän käyntejä",
        "sv": "för få besök",
        "en": "too few visits to say",
    },
    "too_few_note": {
        "fi": "”Liian vähän käyntejä”: 95 %:n väli on leveämpi kuin koko asteikko 0–100.",
        "sv": "”För få besök”: 95 %-intervallet är bredare än hela skalan 0–100.",
        "en": "“Too few visits to say”: the 95 % interval is wider than the whole 0–100 scale.",
    },
    "mixed": {
        "fi": "≠ kierroksilla käytettiin kirjastossa eri skenaarioita: muutos voi johtua "
              "skenaarioista eikä palvelusta.",
        "sv": "≠ omgångarna besökte biblioteket med olika scenarier: förändringen kan bero på "
              "scenarierna, inte på servicen.",
        "en": "≠ the two rounds visited the library with different scenarios: the change may "
              "come from the scenarios, not the service.",
    },
    "mixed_hint_cli": {
        "fi": "--same-scenarios vertaa vain yhteisiä skenaarioita.",
        "sv": "--same-scenarios jämför bara gemensamma scenarier.",
        "en": "--same-scenarios compares only the scenarios both rounds share.",
    },
    "chance": {
        "fi": "{tested} muutosta testattu, {clear} selviä. Vaikka mikään ei olisi muuttunut, "
              "noin {expected} näyttäisi selvältä pelkästä sattumasta (5 % testatuista).",
        "sv": "{tested} förändringar testade, {clear} tydliga. Även om ingenting hade förändrats "
              "skulle omkring {expected} se tydliga ut av ren slump (5 % av de testade).",
        "en": "{tested} changes tested, {clear} clear. Even if nothing had changed, about "
              "{expected} would look clear by chance alone (5 % of those tested).",
    },
    "adjust_hint_cli": {
        "fi": "--adjust holm|bh korjaa tämän.",
        "sv": "--adjust holm|bh korrigerar för detta.",
        "en": "--adjust holm|bh corrects for this.",
    },
    "adjusted": {
        "fi": "▲/▼ selvä myös {method} korjauksen jälkeen ({tested} muutosta); (▲)/(▼) selvä "
              "yksinään mutta ei korjauksen jälkeen.",
        "sv": "▲/▼ tydlig även efter {method} korrigering ({tested} förändringar); (▲)/(▼) "
              "tydlig för sig men inte efter korrigering.",
        "en": "▲/▼ clear after {method} adjustment over {tested} changes; (▲)/(▼) clear on its "
              "own but not after adjustment.",
    },
    "holm": {"fi": "Holmin", "sv": "Holms", "en": "Holm's"},
    "bh": {"fi": "Benjamini–Hochbergin", "sv": "Benjamini–Hochbergs", "en": "Benjamini–Hochberg"},
    "which_visits": {
        "fi": "Vertailu laskee käynnit, jotka arvioija on merkinnyt valmiiksi ja joita tiiminvetäjä ei ole "
              "hylännyt tai palauttanut; rajauksella voi laskea vain hyväksytyt. Luonnoksia ei "
              "lasketa koskaan. Jokainen käynti painaa saman verran.",
        "sv": "Jämförelsen räknar besök som utvärderaren har markerat som klara och som teamledaren inte "
              "har avvisat eller returnerat; ett filter räknar bara godkända. Utkast räknas "
              "aldrig. Varje besök väger lika mycket.",
        "en": "A comparison counts the visits an evaluator has submitted and a team lead has "
              "not rejected or returned; a filter counts approved visits only. Drafts never "
              "count. Every visit weighs the same.",
    },
    "export_includes": {
        "fi": "Huom: vienti sisältää käyntejä, jotka eivät ole mukana vertailuissa ({what}). "
              "--status counted vie vain vertailussa lasketut.",
        "sv": "Obs: exporten innehåller besök som inte räknas i jämförelser ({what}). "
              "--status counted exporterar bara de som räknas.",
        "en": "Note: the export includes visits that never count in comparisons ({what}). "
              "--status counted exports only what compare counts.",
    },
    "mean": {
        "fi": "Luku = käyntien pistemäärien keskiarvo asteikolla 0–100.",
        "sv": "Talet = medelvärdet av besökens poäng på skalan 0–100.",
        "en": "The number = the mean of the visits' scores on a 0–100 scale.",
    },
}


def explain(key: str, lang: str, **values: object) -> str:
    return in_lang(TEXTS, key, lang, **values)


def in_lang(table: Mapping[str, Mapping[str, str]], key: str, lang: str,
            **values: object) -> str:
    """The text `key` of `table` in `lang` (English when it lacks one), values filled in."""
    texts = table[key]
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text
