"""What the core tells a user when something cannot be done, in Finnish, Swedish and English.

The core raises errors that carry a message key and its values instead of a
finished English sentence; whoever shows the error (the command line, a
screen) renders it in the user's language with `localize`. `str()` of such an
error is the English text, so logs and tests read naturally.

Errors raised with a plain string still work: they are shown as they are.
"""

from __future__ import annotations

import errno
from typing import Any

from pilotkit.core.labels import LabelKind, label
from pilotkit.core.langs import Lang

MESSAGES: dict[str, dict[Lang, str]] = {
    # identifiers and dates
    "isil_invalid": {
        "fi": "{value!r} ei ole ISIL-tunnus (etuliite, yhdysmerkki ja enintään 11 merkkiä: FI-Lohja)",
        "sv": "{value!r} är ingen ISIL-kod (prefix, bindestreck och högst 11 tecken: FI-Lohja)",
        "en": "{value!r} is not an ISIL code (prefix, hyphen, up to 11 characters: FI-Lohja)",
    },
    "round_invalid": {
        "fi": "{value!r} ei ole kierroksen tunnus (kirjaimet A–Z, numerot, '.', '_', '-': "
              "2017-lahtotaso)",
        "sv": "{value!r} är inget omgångs-id (bokstäverna A–Z, siffror, '.', '_', '-': "
              "2017-baslinje)",
        "en": "{value!r} is not a round id (letters A–Z, digits, '.', '_', '-': 2017-baseline)",
    },
    "evaluator_invalid": {
        "fi": "{value!r} ei ole arvioijan koodi: käytä lyhyttä salanimeä kuten E07 "
              "(kirjaimet, numerot, '-', '_'; ei nimiä eikä välilyöntejä)",
        "sv": "{value!r} är ingen utvärderarkod: använd en kort pseudonym som E07 "
              "(bokstäver, siffror, '-', '_'; inga namn, inga mellanslag)",
        "en": "{value!r} is not an evaluator code: use a short pseudonymous code such as E07 "
              "(letters, digits, '-', '_'; no names, no spaces)",
    },
    "date_invalid": {
        "fi": "{value!r} ei ole päivämäärä (VVVV-KK-PP)",
        "sv": "{value!r} är inget datum (ÅÅÅÅ-MM-DD)",
        "en": "{value!r} is not a date (YYYY-MM-DD)",
    },
    "datetime_invalid": {
        "fi": "{value!r} ei ole päivämäärä ja kellonaika (esim. 3.12.2026 klo 10.15 tai "
              "2026-12-03T10:15:00)",
        "sv": "{value!r} är inget datum med klockslag (t.ex. 2026-12-03 kl. 10.15 eller "
              "2026-12-03T10:15:00)",
        "en": "{value!r} is not a date and time (e.g. 2026-12-03 10:15 or 2026-12-03T10:15:00)",
    },
    # scenarios check
    "check_ok_all": {
        "fi": "Kaikki skenaariot ({n}) ovat kunnossa: ongelmia ei löytynyt.",
        "sv": "Alla scenarier ({n}) är i ordning: inga problem hittades.",
        "en": "Every scenario ({n}) is in order: no problems found.",
    },
    "check_ok_paths": {
        "fi": "Tiedostot tarkistettu ({n}): ongelmia ei löytynyt.",
        "sv": "Kontrollerade filer: {n}. Inga problem hittades.",
        "en": "Files checked: {n}. No problems found.",
    },
    # output files
    "out_is_database": {
        "fi": "{path}: tämä on tietokanta, eikä sen päälle kirjoiteta vientiä; valitse toinen tiedosto",
        "sv": "{path}: det här är en databas och skrivs inte över av en export; välj en annan fil",
        "en": "{path}: this is a database, and an export never overwrites one; choose another file",
    },
    "out_is_folder": {
        "fi": "{path}: tämä on kansio; anna tiedoston nimi, esim. {path}/vienti.csv",
        "sv": "{path}: det här är en mapp; ange ett filnamn, t.ex. {path}/export.csv",
        "en": "{path}: this is a folder; give a file name, e.g. {path}/export.csv",
    },
    "out_no_folder": {
        "fi": "{path}: kansiota ei ole; luo se ensin tai valitse toinen paikka",
        "sv": "{path}: mappen finns inte; skapa den först eller välj en annan plats",
        "en": "{path}: the folder does not exist; create it first or choose another place",
    },
    "datetime_offset": {
        "fi": "{value!r}: aikavyöhykkeen poikkeama UTC:stä on annettava tunteina ja minuutteina "
              "(+03:00)",
        "sv": "{value!r}: tidszonens avvikelse från UTC ska anges i timmar och minuter (+03:00)",
        "en": "{value!r}: the UTC offset must be in hours and minutes (+03:00)",
    },
    # the database
    "db_read_only": {
        "fi": "{path}: tietokanta on vain luettavissa (tiedostoon, kansioon tai levylle ei voi "
              "kirjoittaa); mitään ei muutettu",
        "sv": "{path}: databasen är skrivskyddad (filen, mappen eller disken går inte att skriva "
              "till); ingenting ändrades",
        "en": "{path}: the database is read-only (its file, folder or disk cannot be written); "
              "nothing was changed",
    },
    "db_waiting": {
        "fi": "odotetaan toista ohjelmaa, joka kirjoittaa tietokantaan {path} … "
              "(luovutetaan {seconds:g} s kuluttua)",
        "sv": "väntar på ett annat program som skriver till databasen {path} … "
              "(ger upp efter {seconds:g} s)",
        "en": "waiting for another program that is writing to {path} … "
              "(gives up after {seconds:g} s)",
    },
    "db_locked": {
        "fi": "{path}: toinen ohjelma piti tietokantaa lukittuna {seconds:g} s; mitään ei muutettu",
        "sv": "{path}: ett annat program höll databasen låst i {seconds:g} s; ingenting ändrades",
        "en": "{path}: another program kept the database locked for {seconds:g} s; "
              "nothing was changed",
    },
    "db_damaged": {
        "fi": "{path}: vahingoittunut pilotkit-tietokanta ({reason})",
        "sv": "{path}: skadad pilotkit-databas ({reason})",
        "en": "{path}: damaged pilotkit database ({reason})",
    },
    "db_changing": {
        "fi": "{path}: tietokanta muuttui koko ajan, kun sitä kopioitiin luettavaksi; yritä uudelleen",
        "sv": "{path}: databasen ändrades hela tiden medan den kopierades för läsning; försök igen",
        "en": "{path}: the database kept changing while it was copied for reading; try again",
    },
    "db_newer": {
        "fi": "{path}: uudemman pilotkitin kirjoittama (skeema {version}; tämä versio tuntee "
              "skeemat {known} asti); päivitä pilotkit avataksesi sen",
        "sv": "{path}: skriven av en nyare pilotkit (schema {version}; den här versionen känner "
              "till schema {known}); uppgradera pilotkit för att öppna den",
        "en": "{path}: written by a newer pilotkit (schema {version}; this version knows up to "
              "{known}); upgrade pilotkit to open it",
    },
    "db_cannot_create": {
        "fi": "{path}: tietokantaa ei voi luoda: {reason}",
        "sv": "{path}: databasen kan inte skapas: {reason}",
        "en": "{path}: cannot create the database: {reason}",
    },
    "library_needs_name": {"fi": "kirjastolla täytyy olla nimi", "sv": "ett bibliotek behöver ett namn",
                           "en": "a library needs a name"},
    "unknown_library": {"fi": "tuntematon kirjasto {library}", "sv": "okänt bibliotek {library}",
                        "en": "unknown library {library}"},
    "unknown_round": {"fi": "tuntematon kierros {round}", "sv": "okänd omgång {round}",
                      "en": "unknown round {round}"},
    "round_exists": {"fi": "kierros {round} on jo olemassa", "sv": "omgången {round} finns redan",
                     "en": "round {round} already exists"},
    "round_ends_first": {
        "fi": "kierros {round}: päättyy ({end}) ennen kuin alkaa ({start})",
        "sv": "omgången {round}: slutar ({end}) innan den börjar ({start})",
        "en": "round {round}: ends ({end}) before it starts ({start})",
    },
    "visit_not_editable": {
        "fi": "käynnin {visit} tila on {status}; avaa se korjattavaksi ennen muokkausta",
        "sv": "besöket {visit} har status {status}; öppna det för rättelse för att ändra det",
        "en": "visit {visit} is {status}; reopen it to edit",
    },
    "db_not_a_file": {"fi": "{path}: ei ole tiedosto", "sv": "{path}: är ingen fil",
                      "en": "{path}: not a file"},
    "db_not_sqlite": {
        "fi": "{path}: ei ole pilotkit-tietokanta (ei SQLite-tiedosto)",
        "sv": "{path}: ingen pilotkit-databas (ingen SQLite-fil)",
        "en": "{path}: not a pilotkit database (not an SQLite file)"},
    "db_other_application": {
        "fi": "{path}: ei ole pilotkit-tietokanta (toisen sovelluksen SQLite-tietokanta)",
        "sv": "{path}: ingen pilotkit-databas (ett annat programs SQLite-databas)",
        "en": "{path}: not a pilotkit database (an SQLite database of another application)"},
    "db_cannot_read": {"fi": "{path}: ei voi lukea: {reason}", "sv": "{path}: kan inte läsas: {reason}",
                       "en": "{path}: cannot read: {reason}"},
    "db_cannot_open": {
        "fi": "{path}: tietokantaa ei voi avata: {reason}",
        "sv": "{path}: databasen kan inte öppnas: {reason}",
        "en": "{path}: cannot open the database: {reason}",
    },
    "db_cannot_prepare": {
        "fi": "{path}: tietokantaa ei voi valmistella käyttöön: {reason}",
        "sv": "{path}: databasen kan inte förberedas: {reason}",
        "en": "{path}: cannot prepare the database: {reason}",
    },
    "db_upgraded": {
        "fi": "huomautus: {path} päivitettiin skeemasta {version}; varmuuskopio: {backup}",
        "sv": "obs: {path} uppgraderades från schema {version}; säkerhetskopia: {backup}",
        "en": "note: upgraded {path} from schema {version}; backup at {backup}",
    },
    "db_read_through_copy": {
        "fi": "huomautus: {path} on vanhemman pilotkitin tallentama (skeema {version}); se "
              "luettiin päivitetyn kopion kautta, mikä toistuu jokaisella lukevalla komennolla, "
              "kunnes kirjoittava komento tai sovellus päivittää sen",
        "sv": "obs: {path} sparades av en äldre pilotkit (schema {version}); den lästes via en "
              "uppgraderad kopia, vilket upprepas vid varje läsande kommando tills ett "
              "skrivande kommando eller appen uppgraderar den",
        "en": "note: {path} was written by an older pilotkit (schema {version}); it was read "
              "through an upgraded copy, again for every reading command until a command that "
              "writes, or the app, upgrades it",
    },
    "scenario_warning": {"fi": "varoitus: {problem}", "sv": "varning: {problem}",
                         "en": "warning: {problem}"},
    "done_library_added": {"fi": "kirjasto {isil} lisätty", "sv": "biblioteket {isil} tillagt",
                           "en": "added library {isil}"},
    "done_library_renamed": {"fi": "kirjasto {isil} nimetty uudelleen",
                             "sv": "biblioteket {isil} har fått nytt namn",
                             "en": "renamed library {isil}"},
    "done_round_added": {"fi": "kierros {round} lisätty", "sv": "omgången {round} tillagd",
                         "en": "added round {round}"},
    "plan_sd_or_round": {
        "fi": "anna täsmälleen yksi: --sd tai --from-round",
        "sv": "ange exakt en av --sd och --from-round",
        "en": "give exactly one of --sd and --from-round"},
    "plan_visits_or_detect": {
        "fi": "anna täsmälleen yksi: --visits tai --detect",
        "sv": "ange exakt en av --visits och --detect",
        "en": "give exactly one of --visits and --detect"},
    "plan_visits_bad": {
        "fi": "--visits: {value} ei kelpaa; anna kokonaislukuja 2:sta alkaen, esim. 3,5,10",
        "sv": "--visits: {value} duger inte; ange heltal från 2, t.ex. 3,5,10",
        "en": "--visits: {value} will not do; give whole numbers from 2, e.g. 3,5,10"},
    "plan_detect_bad": {
        "fi": "--detect: {value} ei kelpaa; anna muutos pisteinä, suurempi kuin 0",
        "sv": "--detect: {value} duger inte; ange förändringen i poäng, större än 0",
        "en": "--detect: {value} will not do; give the change in points, more than 0"},
    "plan_sd_bad": {
        "fi": "--sd: {value} ei kelpaa; anna hajonta pisteinä, 0–50",
        "sv": "--sd: {value} duger inte; ange spridningen i poäng, 0–50",
        "en": "--sd: {value} will not do; give the spread in points, 0 to 50"},
    "plan_no_spread": {
        "fi": "kierroksella {round} ei ole yhtään kirjastoa, jossa olisi kaksi laskettavaa "
              "käyntiä: hajontaa ei voi mitata (anna --sd)",
        "sv": "omgången {round} har inget bibliotek med två besök som räknas: spridningen "
              "kan inte mätas (ange --sd)",
        "en": "round {round} has no library with two counted visits: its spread cannot be "
              "measured (give --sd)"},
    "plan_no_days": {
        "fi": "{first}–{last} ei sisällä yhtään arkipäivää: käynneille ei ole päiviä",
        "sv": "{first}–{last} innehåller ingen vardag: det finns inga dagar för besöken",
        "en": "{first} to {last} holds no weekday: there are no days for the visits"},
    "plan_period_too_long": {
        "fi": "{first}–{last} on liian pitkä: suunnitelma kattaa yhden kierroksen, enintään "
              "{most} päivää",
        "sv": "{first}–{last} är för lång: en plan gäller en omgång, högst {most} dagar",
        "en": "{first} to {last} is too long: a plan covers one round, at most {most} days"},
    "plan_library_nobody": {
        "fi": "kirjastoon {library} ei voi mennä kukaan: jokainen arvioija on ilmoittanut "
              "esteellisyyden (lisää arvioija)",
        "sv": "ingen kan gå till biblioteket {library}: varje utvärderare har anmält jäv "
              "(lägg till en utvärderare)",
        "en": "nobody may go to library {library}: every evaluator has declared a conflict "
              "there (add an evaluator)"},
    "plan_library_short": {
        "fi": "kirjasto {library} saa enintään {reach}/{n} käyntiä: sinne saa mennä {evaluators} "
              "arvioijaa, kukin enintään {most} kertaa {lockout} päivän karenssilla "
              "(lisää arvioijia, pidennä jaksoa tai lyhennä --lockout-days)",
        "sv": "biblioteket {library} kan få högst {reach} av {n} besök: {evaluators} utvärderare "
              "får gå dit, var och en högst {most} gånger med {lockout} dagars karens "
              "(fler utvärderare, en längre period eller kortare --lockout-days)",
        "en": "library {library} can get at most {reach} of its {n} visits: the evaluators "
              "who may go there ({evaluators}) can each go at most {most} times with a lockout "
              "of {lockout} days (add evaluators, lengthen the period or shorten --lockout-days)"},
    "plan_evaluators_short": {
        "fi": "{total} käyntiä ei mahdu {evaluators} arvioijan aikatauluun ({slots} aikaväliä "
              "kullakin): lisää arvioijia tai pidennä jaksoa",
        "sv": "{total} besök ryms inte i {evaluators} utvärderares scheman ({slots} tider var): "
              "fler utvärderare eller en längre period",
        "en": "{total} visits do not fit in {evaluators} evaluators' time ({slots} slots each): "
              "add evaluators or lengthen the period"},
    "plan_no_slot": {
        "fi": "arvioijalle {evaluator} ei löydy kirjastoon {library} aikaa, joka pitäisi "
              "{lockout} päivän karenssin: pidennä jaksoa tai lyhennä --lockout-days",
        "sv": "utvärderaren {evaluator} får ingen tid i biblioteket {library} som håller "
              "{lockout} dagars karens: en längre period eller kortare --lockout-days",
        "en": "no time for evaluator {evaluator} at library {library} keeps the lockout of "
              "{lockout} days: lengthen the period or shorten --lockout-days"},
    "plan_exists": {
        "fi": "kierroksella {round} on jo suunnitelma; korvaa se lisäämällä --replace",
        "sv": "omgången {round} har redan en plan; ersätt den med --replace",
        "en": "round {round} already has a plan; add --replace to replace it"},
    "plan_made": {
        "fi": "Kierroksen {round} suunnitelma: {visits} käyntiä, {libraries} kirjastoa × {n}.",
        "sv": "Plan för omgången {round}: {visits} besök, {libraries} bibliotek × {n}.",
        "en": "Plan for round {round}: {visits} visits, {libraries} libraries × {n}."},
    "plan_evaluator_spread": {
        "fi": "{evaluators} arvioijaa, kullakin {visits} käyntiä.",
        "sv": "{evaluators} utvärderare med {visits} besök var.",
        "en": "{evaluators} evaluators with {visits} visits each."},
    "plan_cell_spread": {
        "fi": "Arvioija käy samassa kirjastossa {times} kertaa.",
        "sv": "En utvärderare besöker samma bibliotek {times} gånger.",
        "en": "An evaluator visits one library {times} times."},
    "plan_paired": {
        "fi": "Arvioijien ja kirjastojen parit kuten kierroksella {round}: {same}/{cells} "
              "paria sama määrä käyntejä.",
        "sv": "Utvärderare och bibliotek parvis som i omgången {round}: {same} av {cells} "
              "par med lika många besök.",
        "en": "Evaluators and libraries paired as in round {round}: {same} of {cells} pairs "
              "with as many visits."},
    "plan_scenario_spread": {
        "fi": "Kutakin skenaariota {visits} käyntiä kirjastoa kohden (tasan {even}).",
        "sv": "Varje scenario {visits} besök per bibliotek (jämnt {even}).",
        "en": "Each scenario {visits} visits per library (evenly {even})."},
    "plan_connected": {
        "fi": "Arvioijat ja kirjastot muodostavat yhden yhtenäisen verkon: arvioijien erot "
              "voidaan erottaa kirjastojen eroista.",
        "sv": "Utvärderare och bibliotek bildar ett sammanhängande nät: utvärderarnas "
              "skillnader kan skiljas från bibliotekens.",
        "en": "Evaluators and libraries form one connected graph: evaluators' differences "
              "can be told apart from libraries'."},
    "plan_pieces": {
        "fi": "Varoitus: arvioijat ja kirjastot jakautuvat {pieces} erilliseen ryhmään; "
              "arvioijien eroja ei voi erottaa kirjastojen eroista (lisää käyntejä tai "
              "arvioijien vaihtuvuutta).",
        "sv": "Varning: utvärderare och bibliotek faller i {pieces} separata grupper; "
              "utvärderarnas skillnader kan inte skiljas från bibliotekens.",
        "en": "Warning: evaluators and libraries fall into {pieces} separate groups; "
              "evaluators' differences cannot be told apart from libraries'."},
    "plan_weekdays": {"fi": "Viikonpäivät: {days}.", "sv": "Veckodagar: {days}.",
                      "en": "Weekdays: {days}."},
    "plan_mde_at": {
        "fi": "Kun kummallakin kierroksella on {n} käyntiä kirjastoa kohden ja hajonta on "
              "{sd} pistettä ({source}), pienin havaittava muutos on {mde} pistettä "
              "({power} %:n voima, taso {alpha} %).",
        "sv": "Med {n} besök per bibliotek i båda omgångarna och en spridning på {sd} poäng "
              "({source}) är den minsta upptäckbara förändringen {mde} poäng "
              "({power} % styrka, nivå {alpha} %).",
        "en": "With {n} visits per library in both rounds and a spread of {sd} points "
              "({source}), the smallest detectable change is {mde} points "
              "({power} % power, {alpha} % level)."},
    "plan_sd_from_round": {"fi": "kierrokselta {round}", "sv": "från omgången {round}",
                           "en": "seen in round {round}"},
    "plan_sd_assumed": {"fi": "annettu", "sv": "given", "en": "as given"},
    "plan_mde_unknown": {
        "fi": "Pienintä havaittavaa muutosta ei voi laskea: yhdelläkään kierroksella ei ole "
              "hajontaa (anna --sd).",
        "sv": "Den minsta upptäckbara förändringen kan inte beräknas: ingen omgång har en "
              "spridning (ange --sd).",
        "en": "The smallest detectable change cannot be worked out: no round has a spread "
              "to go by (give --sd)."},
    "plan_none": {
        "fi": "kierroksella {round} ei ole suunnitelmaa (tee se: pilotkit plan make {round} …)",
        "sv": "omgången {round} har ingen plan (gör den: pilotkit plan make {round} …)",
        "en": "round {round} has no plan (make one: pilotkit plan make {round} …)"},
    "plan_none_for": {
        "fi": "kierroksen {round} suunnitelmassa ei ole käyntejä arvioijalle {evaluator}",
        "sv": "omgångens {round} plan har inga besök för utvärderaren {evaluator}",
        "en": "round {round}'s plan has no visits for evaluator {evaluator}"},
    "plan_calendar_name": {"fi": "Asiointikäynnit {round} ({evaluator})",
                           "sv": "Besök {round} ({evaluator})",
                           "en": "Visits {round} ({evaluator})"},
    "plan_event": {"fi": "Asiointikäynti: {library} – {scenario}",
                   "sv": "Besök: {library} – {scenario}",
                   "en": "Mystery-shopping visit: {library} – {scenario}"},
    "plan_bad_count": {
        "fi": "--visits-per-library: {value} ei kelpaa; anna kokonaisluku 1:stä alkaen",
        "sv": "--visits-per-library: {value} duger inte; ange ett heltal från 1",
        "en": "--visits-per-library: {value} will not do; give a whole number from 1"},
    "plan_bad_lockout": {
        "fi": "--lockout-days: {value} ei kelpaa; anna päivät, 0 tai enemmän",
        "sv": "--lockout-days: {value} duger inte; ange dagar, 0 eller fler",
        "en": "--lockout-days: {value} will not do; give days, 0 or more"},
    "plan_ends_first": {
        "fi": "--to {last} on ennen --from {first}",
        "sv": "--to {last} är före --from {first}",
        "en": "--to {last} is before --from {first}"},
    "plan_needs_list": {
        "fi": "anna vähintään yksi: {option}",
        "sv": "ange minst ett värde: {option}",
        "en": "give at least one value: {option}"},
    "unknown_scenario_id": {
        "fi": "tuntematon skenaario: {scenario}",
        "sv": "okänt scenario: {scenario}",
        "en": "unknown scenario: {scenario}"},
    "done_conflicts": {
        "fi": "arvioija {evaluator} ei käy kirjastoissa: {libraries}",
        "sv": "utvärderaren {evaluator} besöker inte: {libraries}",
        "en": "evaluator {evaluator} does not visit: {libraries}"},
    "no_conflicts": {
        "fi": "arvioijalla {evaluator} ei ole esteellisyyksiä",
        "sv": "utvärderaren {evaluator} har inga jäv",
        "en": "evaluator {evaluator} has declared no conflicts"},
    "done_round_changed": {"fi": "kierros {round} päivitetty", "sv": "omgången {round} uppdaterad",
                           "en": "updated round {round}"},
    "purge_before_retention": {
        "fi": "huomio: kierros {round} on määrätty säilytettäväksi {day} asti",
        "sv": "obs: omgången {round} ska sparas till {day}",
        "en": "note: round {round} is to be kept until {day}"},
    "purge_file_busy": {
        "fi": "huomio: toinen ohjelma pitää tietokantaa auki; poistettu teksti häviää "
              "tiedostosta kokonaan, kun se suljetaan",
        "sv": "obs: ett annat program har databasen öppen; den borttagna texten försvinner "
              "helt ur filen när det stängs",
        "en": "note: another program has the database open; the removed text leaves the "
              "file for good when it closes"},
    "purge_round_or_before": {
        "fi": "anna täsmälleen yksi: --round tai --before",
        "sv": "ange exakt en av --round och --before",
        "en": "give exactly one of --round and --before"},
    "purge_scope_round": {"fi": "kierroksen {round} käynneiltä",
                          "sv": "från besöken i omgången {round}",
                          "en": "from the visits of round {round}"},
    "purge_scope_before": {"fi": "ennen {day} tehdyiltä käynneiltä",
                           "sv": "från besöken före {day}",
                           "en": "from the visits made before {day}"},
    "purge_question": {
        "fi": "Poistetaanko {scope} muistiinpanot ({notes}), kommentit ({comments}), "
              "tekstivastaukset ({texts}), arvioijatunnukset ({visits} käyntiä) ja "
              "suunnitellut käynnit ({planned})? Pisteet, muut vastaukset ja "
              "tarkastuspäätökset säilyvät. Poistoa ei voi perua.",
        "sv": "Ta bort anteckningar ({notes}), kommentarer ({comments}), textsvar ({texts}), "
              "utvärderarkoder ({visits} besök) och planerade besök ({planned}) {scope}? "
              "Poäng, övriga svar och granskningsbeslut behålls. Det kan inte ångras.",
        "en": "Remove the notes ({notes}), comments ({comments}), text answers ({texts}), "
              "evaluator codes ({visits} visits) and planned visits ({planned}) {scope}? "
              "Scores, other answers and review decisions stay. This cannot be undone."},
    "done_purged": {
        "fi": "poistettu {scope}: muistiinpanoja {notes}, kommentteja {comments}, "
              "tekstivastauksia {texts}, arvioijatunnukset {visits} käynniltä, "
              "suunniteltuja käyntejä {planned}; tiedosto kirjoitettiin uudelleen (VACUUM)",
        "sv": "borttaget {scope}: {notes} anteckningar, {comments} kommentarer, {texts} "
              "textsvar, utvärderarkoder från {visits} besök, {planned} planerade besök; "
              "filen skrevs om (VACUUM)",
        "en": "removed {scope}: {notes} notes, {comments} comments, {texts} text answers, "
              "evaluator codes of {visits} visits, {planned} planned visits; the file was "
              "rewritten (VACUUM)"},
    "staff_not_told": {
        "fi": "varoitus: kierroksesta {round} ei ole kirjattu, milloin henkilöstölle kerrottiin "
              "(pilotkit rounds edit {round} --staff-informed PÄIVÄ)",
        "sv": "varning: för omgången {round} har det inte antecknats när personalen "
              "informerades (pilotkit rounds edit {round} --staff-informed DATUM)",
        "en": "warning: round {round} has no record of when staff were told "
              "(pilotkit rounds edit {round} --staff-informed DATE)"},
    "plan_sd_given": {"fi": "annettu hajonta", "sv": "given spridning", "en": "the sd given"},
    "plan_out_of_reach": {"fi": "yli 100 000", "sv": "över 100 000", "en": "over 100,000"},
    "plan_mde_means": {
        "fi": "Pienin muutos, jonka kaksisuuntainen Welchin testi tasolla {alpha} % havaitsee "
              "{power} %:n todennäköisyydellä, kun kummallakin kierroksella on yhtä monta "
              "käyntiä kirjastoa kohden.",
        "sv": "Den minsta förändring som ett tvåsidigt Welch-test på nivån {alpha} % upptäcker "
              "med {power} % sannolikhet, med lika många besök per bibliotek i båda omgångarna.",
        "en": "The smallest change a two-sided Welch test at the {alpha} % level detects with "
              "{power} % probability, with as many visits per library in both rounds."},
    "list_more": {"fi": "näytettiin {n} uusinta; kaikki: --limit tai --format json",
                  "sv": "de {n} senaste visades; alla: --limit eller --format json",
                  "en": "showed the {n} newest; for all: --limit or --format json"},
    "done_recorded": {"fi": "käyntejä tallennettu: {n}", "sv": "besök sparade: {n}",
                      "en": "recorded {n} visits"},
    "adjust_needs_change": {"fi": "--adjust koskee vain muutosta (--change FROM TO)",
                            "sv": "--adjust gäller bara förändring (--change FROM TO)",
                            "en": "--adjust applies to --change FROM TO"},
    "unknown_scenario_filter": {
        "fi": "--scenario: tuntematon skenaario {scenario} (skenaariot: {known})",
        "sv": "--scenario: okänt scenario {scenario} (scenarier: {known})",
        "en": "--scenario: unknown scenario {scenario} (scenarios: {known})",
    },
    "unknown_channel": {
        "fi": "--channel: tuntematon kanava {channel} (käytä: {known})",
        "sv": "--channel: okänd kanal {channel} (använd: {known})",
        "en": "--channel: unknown channel {channel} (use {known})",
    },
    "unknown_status": {
        "fi": "--status: tuntematon tila {status} (käytä: {known})",
        "sv": "--status: okänd status {status} (använd: {known})",
        "en": "--status: unknown status {status} (use {known})",
    },
    "excel_needs_csv": {"fi": "--excel koskee CSV:tä; jätä pois --format json",
                        "sv": "--excel gäller CSV; utelämna --format json",
                        "en": "--excel applies to CSV; leave out --format json"},
    # wrong usage of the command line (click's own text in English)
    "usage_line": {"fi": "virhe: {problem} (ohje: {command} --help)",
                   "sv": "fel: {problem} (hjälp: {command} --help)",
                   "en": "error: {problem} (help: {command} --help)"},
    "usage_no_command": {"fi": "komentoa {name!r} ei ole", "sv": "kommandot {name!r} finns inte",
                         "en": "no such command {name!r}"},
    "usage_no_option": {"fi": "valitsinta {name} ei ole", "sv": "flaggan {name} finns inte",
                        "en": "no such option {name}"},
    "usage_did_you_mean": {"fi": "(tarkoititko: {names}?)", "sv": "(menade du: {names}?)",
                           "en": "(did you mean: {names}?)"},
    "usage_missing_option": {"fi": "valitsin {name} puuttuu", "sv": "flaggan {name} saknas",
                             "en": "missing option {name}"},
    "usage_missing_argument": {"fi": "argumentti {name} puuttuu", "sv": "argumentet {name} saknas",
                               "en": "missing argument {name}"},
    "usage_bad_choice": {"fi": "{name}: arvo ei kelpaa; sallitut arvot: {choices}",
                         "sv": "{name}: ogiltigt värde; tillåtna värden: {choices}",
                         "en": "{name}: invalid value; allowed: {choices}"},
    "usage_bad_value": {"fi": "{name}: arvo ei kelpaa ({reason})",
                        "sv": "{name}: ogiltigt värde ({reason})",
                        "en": "{name}: invalid value ({reason})"},
    "change_same_round": {
        "fi": "kierros {round} on sekä ensimmäinen että jälkimmäinen: muutos lasketaan kahden "
              "eri kierroksen välillä (yhdestä kierroksesta: --rounds {round})",
        "sv": "omgången {round} är både den första och den andra: en förändring räknas mellan "
              "två olika omgångar (för en omgång: --rounds {round})",
        "en": "round {round} is both the first and the second: a change is between two "
              "different rounds (for one round: --rounds {round})"},
    "usage_needs_values": {"fi": "valitsin {name} tarvitsee {n} arvoa",
                           "sv": "flaggan {name} behöver {n} värden",
                           "en": "option {name} needs {n} values"},
    "usage_needs_value": {"fi": "valitsin {name} tarvitsee arvon",
                          "sv": "flaggan {name} behöver ett värde",
                          "en": "option {name} needs a value"},
    "usage_need_integer": {"fi": "{name}: anna kokonaisluku{bounds}",
                           "sv": "{name}: ange ett heltal{bounds}",
                           "en": "{name}: give a whole number{bounds}"},
    "usage_need_number": {"fi": "{name}: anna luku{bounds}", "sv": "{name}: ange ett tal{bounds}",
                          "en": "{name}: give a number{bounds}"},
    "usage_at_least": {"fi": ", vähintään {n}", "sv": ", minst {n}", "en": " of at least {n}"},
    "usage_at_most": {"fi": ", enintään {n}", "sv": ", högst {n}", "en": " of at most {n}"},
    "usage_between": {"fi": " väliltä {low}–{high}", "sv": " mellan {low} och {high}",
                      "en": " from {low} to {high}"},
    "usage_unexpected": {"fi": "ylimääräinen sana {word}", "sv": "ett överflödigt ord {word}",
                         "en": "an unexpected word {word}"},
    "usage_other": {"fi": "virheellinen käyttö ({reason})", "sv": "felaktig användning ({reason})",
                    "en": "wrong usage ({reason})"},
    "aborted": {"fi": "Keskeytetty.", "sv": "Avbrutet.", "en": "Aborted!"},
    "report_rounds": {
        "fi": "anna raportille joko --from KIERROS ja --to KIERROS tai yksi --rounds KIERROS",
        "sv": "ange för rapporten antingen --from OMGÅNG och --to OMGÅNG eller en --rounds OMGÅNG",
        "en": "give the report either --from ROUND and --to ROUND, or one --rounds ROUND",
    },
    "merge_summary": {
        "fi": "{source}: lisätty {added}, päivitetty {updated}, ennallaan {unchanged}, "
              "ristiriitoja {conflicted} (uusia kirjastoja {libraries}, uusia kierroksia "
              "{rounds}{extra})",
        # the count after its word, as in Finnish: "1 nya bibliotek" would be wrong
        "sv": "{source}: tillagda {added}, uppdaterade {updated}, oförändrade {unchanged}, "
              "konflikter {conflicted} (nya bibliotek {libraries}, nya omgångar "
              "{rounds}{extra})",
        "en": "{source}: {added} added, {updated} updated, {unchanged} unchanged, "
              "{conflicted} conflicts ({libraries} new libraries, {rounds} new rounds{extra})",
    },
    "merge_file_unchanged": {
        "fi": "tiedosto ennallaan edellisestä yhdistämisestä {when}",
        "sv": "filen oförändrad sedan sammanslagningen {when}",
        "en": "the file is unchanged since it was merged at {when}"},
    "merge_goals_taken": {"fi": "raportin tavoitetekstejä {n}", "sv": "rapportmål {n}",
                          "en": "{n} report goals"},
    "merge_plans_taken": {"fi": "käyntisuunnitelmia {n}", "sv": "besöksplaner {n}",
                          "en": "{n} visit plans"},
    "merge_purged": {"fi": "poistettuja tekstejä {n} käynniltä", "sv": "text rensad från {n} besök",
                     "en": "text purged from {n} visits"},
    "merge_plan_differs": {
        "fi": "{source}: kierroksen {round} käyntisuunnitelma eroaa; tämän tietokannan "
              "suunnitelma pidettiin (toinen tehty {when})",
        "sv": "{source}: besöksplanen för omgången {round} skiljer sig; den här databasens "
              "plan behölls (den andra gjordes {when})",
        "en": "{source}: the visit plan of round {round} differs; this database's plan was "
              "kept (the other was made {when})"},
    "merge_round_differs": {
        "fi": "{source}: kierroksen {round} tieto '{field}' eroaa; tämän tietokannan arvo "
              "pidettiin",
        "sv": "{source}: uppgiften '{field}' för omgången {round} skiljer sig; den här "
              "databasens värde behölls",
        "en": "{source}: round {round}'s '{field}' differs; this database's value was kept"},
    "round_field_informed_on": {"fi": "henkilöstölle kerrottu", "sv": "personalen informerad",
                                   "en": "staff informed"},
    "round_field_purpose": {"fi": "tarkoitus", "sv": "syfte", "en": "purpose"},
    "round_field_retain_until": {"fi": "säilytetään asti", "sv": "sparas till",
                                 "en": "kept until"},
    "merge_goals_differ": {
        "fi": "{source}: raportin tavoitteet kierroksille {rounds} eroavat; tämän tietokannan "
              "teksti pidettiin (toinen kirjoitettu {when})",
        "sv": "{source}: rapportmålen för omgångarna {rounds} skiljer sig; den här databasens "
              "text behölls (den andra skrevs {when})",
        "en": "{source}: the report goals for rounds {rounds} differ; this database's text "
              "was kept (the other was written {when})"},
    "merge_report_goals": {"fi": "raportin tavoitteet {id}", "sv": "rapportmål {id}",
                           "en": "report goals {id}"},
    "merge_discarded": {"fi": "poistettuja luonnoksia {n}", "sv": "kasserade utkast {n}",
                        "en": "{n} discarded"},
    "merge_not_taken_n": {"fi": "ottamatta jätettyjä päätöksiä {n}",
                          "sv": "beslut som inte togs {n}", "en": "{n} decisions not taken"},
    "merge_dry_run": {"fi": "kokeilu, mitään ei tallennettu: ", "sv": "provkörning, inget sparat: ",
                      "en": "dry run: "},
    "merge_no_database": {
        "fi": "{path}: tietokantaa ei ole (tai tiedosto on tyhjä)",
        "sv": "{path}: ingen sådan databas (eller en tom fil)",
        "en": "{path}: no such database (or an empty file)",
    },
    "merge_newer": {
        "fi": "{path}: uudemman pilotkitin kirjoittama (skeema {version}); päivitä pilotkit "
              "yhdistääksesi sen",
        "sv": "{path}: skriven av en nyare pilotkit (schema {version}); uppgradera pilotkit "
              "för att sammanfoga den",
        "en": "{path}: written by a newer pilotkit (schema {version}); upgrade pilotkit to "
              "merge it",
    },
    "merge_damaged": {
        "fi": "{path}: vaurioitunut tietokanta ({reason}); mitään ei yhdistetty",
        "sv": "{path}: skadad databas ({reason}); inget sammanfogades",
        "en": "{path}: damaged database ({reason}); nothing merged",
    },
    "merge_into_itself": {
        "fi": "{path}: tämä on se tietokanta, johon yhdistetään",
        "sv": "{path}: det är databasen som det sammanfogas till",
        "en": "{path}: that is the database being merged into",
    },
    "merge_unreadable": {
        "fi": "{path}: ei voi lukea ({reason}); mitään ei yhdistetty",
        "sv": "{path}: kan inte läsas ({reason}); inget sammanfogades",
        "en": "{path}: cannot be read ({reason}); nothing merged",
    },
    "demo_written": {
        "fi": "esittelyaineisto: {n} keksittyä käyntiä (siemenluku {seed}) {libraries} DEMO-"
              "kirjastoon kierroksille {baseline} ja {pilot}",
        "sv": "demo: {n} påhittade besök (frö {seed}) i {libraries} DEMO-bibliotek i "
              "omgångarna {baseline} och {pilot}",
        "en": "demo: wrote {n} synthetic visits (seed {seed}) to {libraries} DEMO libraries in "
              "rounds {baseline} and {pilot}",
    },
    "demo_made_up": {
        "fi": "{text} (keksitty)",
        "sv": "{text} (påhittad)",
        "en": "{text} (synthetic)",
    },
    "demo_round_baseline": {
        "fi": "DEMO lähtötaso (keksitty)",
        "sv": "DEMO utgångsläge (påhittad)",
        "en": "DEMO baseline (synthetic)",
    },
    "demo_round_pilot": {
        "fi": "DEMO pilotin jälkeen (keksitty)",
        "sv": "DEMO efter piloten (påhittad)",
        "en": "DEMO after the pilot (synthetic)",
    },
    "demo_pilot": {
        "fi": "Tiskitön palvelupiste ja aulaisäntä (keksitty)",
        "sv": "Diskfri servicepunkt med lobbyvärd (påhittad)",
        "en": "Counterless service point with a lobby host (synthetic)",
    },
    "demo_comment": {
        "fi": "DEMO: keksitty käynti",
        "sv": "DEMO: påhittat besök",
        "en": "DEMO: synthetic visit",
    },
    "demo_no_scenarios": {
        "fi": "skenaarioita ei ole ladattu: esittelyaineistoa ei voi tehdä",
        "sv": "inga scenarier är inlästa: inget att göra en demo med",
        "en": "no scenarios are loaded: nothing to make a demo with",
    },
    "demo_seed_used": {
        "fi": "siemenluvun {seed} esittelykäynnit ovat jo tässä tietokannassa; käytä toista "
              "--seed-arvoa",
        "sv": "demobesöken med frö {seed} finns redan i databasen; använd ett annat --seed",
        "en": "demo visits of seed {seed} are already in this database; use another --seed",
    },
    "library_exists": {
        "fi": "kirjasto {isil} on jo olemassa",
        "sv": "biblioteket {isil} finns redan",
        "en": "library {isil} already exists",
    },
    # SQLite's own failures, as the command line reports them
    "sqlite_error": {
        "fi": "tietokantavirhe: {reason}; mitään ei muutettu",
        "sv": "databasfel: {reason}; ingenting ändrades",
        "en": "database error: {reason}; nothing was changed",
    },
    "sqlite_full": {
        "fi": "levy on täynnä (vapauta tilaa ja yritä uudelleen)",
        "sv": "disken är full (frigör utrymme och försök igen)",
        "en": "the disk is full (free some space and try again)",
    },
    "sqlite_read_only": {
        "fi": "tietokantatiedosto tai sen kansio on vain luettavissa",
        "sv": "databasfilen eller dess mapp är skrivskyddad",
        "en": "the database file or its folder is read-only",
    },
    "sqlite_locked": {
        "fi": "toinen ohjelma piti tietokantaa lukittuna liian kauan (yritä uudelleen)",
        "sv": "ett annat program höll databasen låst för länge (försök igen)",
        "en": "another program kept the database locked too long (try again)",
    },
    # values that cannot be stored
    "int_too_large": {
        "fi": "luku {value} on liian suuri tallennettavaksi",
        "sv": "talet {value} är för stort för att sparas",
        "en": "the number {value} is too large to store",
    },
    "lone_surrogate": {
        "fi": "{field}: tekstissä on merkki, jota ei voi tallentaa (yksinäinen UTF-16-korvike)",
        "sv": "{field}: texten har ett tecken som inte kan sparas (ett ensamt UTF-16-surrogat)",
        "en": "{field}: the text holds a character that cannot be stored (a lone UTF-16 surrogate)",
    },
    # pseudonymous evaluator codes
    "code_phone": {
        "fi": "{value!r} näyttää puhelinnumerolta: arvioijan koodi on salanimi kuten E07",
        "sv": "{value!r} ser ut som ett telefonnummer: utvärderarens kod är en pseudonym som E07",
        "en": "{value!r} looks like a phone number: an evaluator code is a pseudonym such as E07",
    },
    "code_email": {
        "fi": "{value!r} näyttää sähköpostiosoitteelta: arvioijan koodi on salanimi kuten E07",
        "sv": "{value!r} ser ut som en e-postadress: utvärderarens kod är en pseudonym som E07",
        "en": "{value!r} looks like an e-mail address: an evaluator code is a pseudonym such as E07",
    },
    "code_hetu": {
        "fi": "{value!r} näyttää henkilötunnukselta: arvioijan koodi on salanimi kuten E07",
        "sv": "{value!r} ser ut som en personbeteckning: utvärderarens kod är en pseudonym som E07",
        "en": "{value!r} looks like a personal identity code: an evaluator code is a pseudonym "
              "such as E07",
    },
    "code_reserved": {
        "fi": "'{value}' on varattu poistettujen käyntien merkiksi: valitse toinen koodi",
        "sv": "'{value}' är reserverat för rensade besök: välj en annan kod",
        "en": "'{value}' is kept for purged visits: choose another code"},
    "code_name": {
        "fi": "{value!r} näyttää henkilön nimeltä: arvioijan koodi on salanimi kuten E07",
        "sv": "{value!r} ser ut som en persons namn: utvärderarens kod är en pseudonym som E07",
        "en": "{value!r} looks like a person's name: an evaluator code is a pseudonym such as E07",
    },
    # personal data in free text (a warning, never a refusal)
    "pii_warning": {
        "fi": "{field} näyttää sisältävän henkilötietoja ({kinds}): arvioidaan palvelua, ei henkilöä",
        "sv": "{field} verkar innehålla personuppgifter ({kinds}): det är tjänsten som utvärderas, "
              "inte en person",
        "en": "{field} seems to hold personal data ({kinds}): the evaluation is of the service, "
              "not of a person",
    },
    "pii_phone": {"fi": "puhelinnumero", "sv": "telefonnummer", "en": "a phone number"},
    "pii_email": {"fi": "sähköpostiosoite", "sv": "e-postadress", "en": "an e-mail address"},
    "pii_name": {"fi": "henkilön nimi tai kuvaus", "sv": "en persons namn eller beskrivning",
                 "en": "a person's name or description"},
    "pii_hetu": {"fi": "henkilötunnus", "sv": "personbeteckning",
                 "en": "a personal identity code"},
    "field_note": {"fi": "Muistiinpano", "sv": "Anteckningen", "en": "The note"},
    "field_comment": {"fi": "Kommentti", "sv": "Kommentaren", "en": "The comment"},
    "field_text": {"fi": "Vastaus", "sv": "Svaret", "en": "The answer"},
    # answers that do not fit their item (record, merge, the store)
    "na_not_allowed": {
        "fi": "tähän kohtaan ei voi vastata 'ei koske'",
        "sv": "den här punkten kan inte besvaras med 'ej tillämpligt'",
        "en": "this item cannot be answered 'not applicable'",
    },
    "expected_yesno": {
        "fi": "odotettiin 'yes' tai 'no', saatiin {value}",
        "sv": "väntade 'yes' eller 'no', fick {value}",
        "en": "expected 'yes' or 'no', got {value}",
    },
    "expected_scale": {
        "fi": "odotettiin kokonaislukua väliltä {low}–{high}, saatiin {value}",
        "sv": "väntade ett heltal från {low} till {high}, fick {value}",
        "en": "expected a whole number from {low} to {high}, got {value}",
    },
    "expected_one_of": {
        "fi": "odotettiin yhtä näistä: {allowed}; saatiin {value}",
        "sv": "väntade ett av {allowed}, fick {value}",
        "en": "expected one of {allowed}, got {value}",
    },
    "expected_number": {
        "fi": "odotettiin lukua, joka on vähintään 0; saatiin {value}",
        "sv": "väntade ett tal som är minst 0, fick {value}",
        "en": "expected a number of at least 0, got {value}",
    },
    "expected_text": {
        "fi": "odotettiin tekstiä, saatiin {value}",
        "sv": "väntade text, fick {value}",
        "en": "expected text, got {value}",
    },
    "expected_true_or_false": {
        "fi": "odotettiin true tai false, saatiin {value}",
        "sv": "väntade true eller false, fick {value}",
        "en": "expected true or false, got {value}"},
    "expected_whole_number": {
        "fi": "odotettiin kokonaislukua, saatiin {value}",
        "sv": "väntade ett heltal, fick {value}",
        "en": "expected a whole number, got {value}",
    },
    "text_too_long": {
        "fi": "teksti on pidempi kuin {limit} merkkiä",
        "sv": "texten är längre än {limit} tecken",
        "en": "text is longer than {limit:,} characters",
    },
    "int_too_many_digits": {
        "fi": "noin {digits}-numeroinen luku on liian suuri tallennettavaksi",
        "sv": "ett tal med ungefär {digits} siffror är för stort för att sparas",
        "en": "a number of about {digits} digits is too large to store",
    },
    "number_of_digits": {
        "fi": "noin {digits}-numeroinen luku",
        "sv": "ett tal med ungefär {digits} siffror",
        "en": "a number of about {digits} digits",
    },
    "binary_data": {
        "fi": "{count} tavua binääridataa",
        "sv": "{count} byte binärdata",
        "en": "{count} bytes of binary data",
    },
    "unstorable_text": {
        "fi": "tekstissä on merkki, jota ei voi tallentaa (yksinäinen UTF-16-korvike)",
        "sv": "texten har ett tecken som inte kan sparas (ett ensamt UTF-16-surrogat)",
        "en": "the text holds a character that cannot be stored (a lone UTF-16 surrogate)",
    },
    "not_utf8": {
        "fi": "teksti ei ole kelvollista UTF-8:aa",
        "sv": "texten är inte giltig UTF-8",
        "en": "the text is not valid UTF-8",
    },
    "no_such_item": {
        "fi": "skenaariossa {scenario} ei ole tällaista kohtaa",
        "sv": "scenariot {scenario} har ingen sådan punkt",
        "en": "no such item in {scenario}",
    },
    "missing": {"fi": "puuttuu", "sv": "saknas", "en": "missing"},
    "db_option_empty": {
        "fi": "--db: anna tietokannan polku (tyhjä ei kelpaa; ilman valitsinta käytetään "
              "oletustietokantaa)",
        "sv": "--db: ange databasens sökväg (tom duger inte; utan flaggan används "
              "standarddatabasen)",
        "en": "--db: give the database's path (an empty one will not do; without the option "
              "the default database is used)"},
    # scenario and framework files (`scenarios check`, the start screen's problem list)
    "in_item": {"fi": "kohta {item}: {problem}", "sv": "punkt {item}: {problem}",
                "en": "item {item}: {problem}"},
    "in_section": {"fi": "osio {section}: {problem}", "sv": "avsnitt {section}: {problem}",
                   "en": "section {section}: {problem}"},
    "unknown_key_suggest": {
        "fi": "tuntematon avain (tarkoititko {close!r}?)",
        "sv": "okänd nyckel (menade du {close!r}?)",
        "en": "unknown key (did you mean {close!r}?)"},
    "required_key_missing": {"fi": "pakollinen avain puuttuu", "sv": "obligatorisk nyckel saknas",
                             "en": "required key missing"},
    "unknown_item_type": {
        "fi": "tuntematon kohdan tyyppi {tag!r}; käytä jotakin näistä: {types}",
        "sv": "okänd punkttyp {tag!r}; använd en av {types}",
        "en": "unknown item type {tag!r}; use one of {types}"},
    "item_type_missing": {
        "fi": "pakollinen avain puuttuu; käytä jotakin näistä: {types}",
        "sv": "obligatorisk nyckel saknas; använd en av {types}",
        "en": "required key missing; use one of {types}"},
    "expected_a_number": {"fi": "odotettiin lukua, saatiin {value}",
                          "sv": "väntade ett tal, fick {value}",
                          "en": "expected a number, got {value}"},
    "expected_mapping": {"fi": "odotettiin avaimia ja arvoja (avain: arvo), saatiin {value}",
                         "sv": "väntade nycklar och värden (nyckel: värde), fick {value}",
                         "en": "expected keys and values (key: value), got {value}"},
    "expected_local_text": {
        "fi": "odotettiin tekstiä tai tekstejä kielittäin ({{fi: …, sv: …, en: …}}), "
              "saatiin {value}",
        "sv": "väntade en text eller texter per språk ({{fi: …, sv: …, en: …}}), fick {value}",
        "en": "expected a text, or texts by language ({{fi: …, sv: …, en: …}}), got {value}"},
    "expected_list": {"fi": "odotettiin luetteloa (rivit alkavat '- '), saatiin {value}",
                      "sv": "väntade en lista (rader som börjar med '- '), fick {value}",
                      "en": "expected a list (lines starting '- '), got {value}"},
    "at_least": {"fi": "pitää olla vähintään {limit}, nyt {value}",
                 "sv": "ska vara minst {limit}, nu {value}",
                 "en": "must be at least {limit}, got {value}"},
    "at_most": {"fi": "saa olla enintään {limit}, nyt {value}",
                "sv": "får vara högst {limit}, nu {value}",
                "en": "must be at most {limit}, got {value}"},
    "more_than": {"fi": "pitää olla suurempi kuin {limit}, nyt {value}",
                  "sv": "ska vara större än {limit}, nu {value}",
                  "en": "must be more than {limit}, got {value}"},
    "less_than": {"fi": "pitää olla pienempi kuin {limit}, nyt {value}",
                  "sv": "ska vara mindre än {limit}, nu {value}",
                  "en": "must be less than {limit}, got {value}"},
    "list_too_short": {"fi": "tarvitaan vähintään {n} kpl, nyt {count}",
                       "sv": "minst {n} behövs, nu {count}",
                       "en": "needs at least {n}, has {count}"},
    "text_longer_than": {"fi": "on pidempi kuin {n} merkkiä",
                         "sv": "är längre än {n} tecken",
                         "en": "is longer than {n} characters"},
    "id_characters": {
        "fi": "tunnuksessa saa olla vain pieniä kirjaimia a–z, numeroita ja {separator}; "
              "nyt {value}",
        "sv": "ett id får bara ha små bokstäver a–z, siffror och {separator}; nu {value}",
        "en": "an id may hold only lowercase letters a–z, digits and {separator}; "
              "got {value}"},
    "value_invalid": {"fi": "virheellinen arvo ({detail})", "sv": "ogiltigt värde ({detail})",
                      "en": "{detail}"},
    "scale_min_not_less": {"fi": "min ({low}) pitää olla pienempi kuin max ({high})",
                           "sv": "min ({low}) ska vara mindre än max ({high})",
                           "en": "min ({low}) must be less than max ({high})"},
    "scale_too_many": {"fi": "asteikossa on enintään 101 kohtaa",
                       "sv": "en skala har högst 101 steg",
                       "en": "a scale has at most 101 points"},
    "scale_labels_outside": {"fi": "nimetyt kohdat {labels} ovat välin {low}..{high} ulkopuolella",
                             "sv": "etiketterna {labels} ligger utanför {low}..{high}",
                             "en": "labels {labels} lie outside {low}..{high}"},
    "principles_shape": {
        "fi": "luettele periaatteiden tunnukset tai anna kullekin paino",
        "sv": "lista principernas id, eller ge varje id en vikt",
        "en": "list principle ids, or map each id to a weight"},
    "principles_twice": {"fi": "{ids} on lueteltu kahdesti", "sv": "{ids} listas två gånger",
                         "en": "{ids} listed twice"},
    "bands_last_max": {
        "fi": "viimeisellä välillä ei ole maxia (se kattaa kaiken sitä suuremman)",
        "sv": "det sista intervallet har inget max (det fångar allt ovanför)",
        "en": "the last band has no max (it catches everything above)"},
    "bands_only_last": {"fi": "vain viimeiseltä väliltä saa jättää maxin pois",
                        "sv": "bara det sista intervallet får utelämna max",
                        "en": "only the last band may leave out max"},
    "bands_increase": {"fi": "välien maxien pitää kasvaa", "sv": "intervallens max måste öka",
                       "en": "band maxima must increase"},
    "text_in_no_language": {"fi": "anna teksti ainakin yhdellä kielistä fi, sv, en",
                            "sv": "ge texten på minst ett av fi, sv, en",
                            "en": "give the text in at least one of fi, sv, en"},
    "principle_repeated": {"fi": "periaatteen tunnus {principle!r} toistuu",
                           "sv": "principens id {principle!r} upprepas",
                           "en": "principle id {principle!r} repeated"},
    "id_repeated": {"fi": "tunnus toistuu (ensimmäisen kerran rivillä {line})",
                    "sv": "id upprepas (första gången på rad {line})",
                    "en": "id repeated (first at line {line})"},
    "unknown_principle_suggest": {
        "fi": "tuntematon periaate {principle!r} (tarkoititko {close!r}?)",
        "sv": "okänd princip {principle!r} (menade du {close!r}?)",
        "en": "unknown principle {principle!r} (did you mean {close!r}?)"},
    "unknown_principle_known": {
        "fi": "tuntematon periaate {principle!r} (tunnetut: {known})",
        "sv": "okänd princip {principle!r} (kända: {known})",
        "en": "unknown principle {principle!r} (known: {known})"},
    "text_item_scored": {"fi": "tekstikohtaa ei koskaan pisteytetä; poista periaatteet",
                         "sv": "en textpunkt poängsätts aldrig; ta bort dem",
                         "en": "a text item is never scored; remove them"},
    "number_needs_bands": {"fi": "pisteytetty lukukohta tarvitsee välit (bands)",
                           "sv": "en poängsatt talpunkt behöver intervall (bands)",
                           "en": "a scored number item needs bands"},
    "option_repeated": {"fi": "vaihtoehdon tunnus {option!r} toistuu",
                        "sv": "alternativets id {option!r} upprepas",
                        "en": "option id {option!r} repeated"},
    "option_needs_score": {
        "fi": "vaihtoehto {option!r} tarvitsee pisteet (score), koska kohta pisteytetään",
        "sv": "alternativet {option!r} behöver poäng (score): punkten poängsätts",
        "en": "option {option!r} needs a score (the item is scored)"},
    "show_if_not_earlier": {
        "fi": "{target!r} ei ole ennen tätä kohtaa; ehto voi katsoa vain taaksepäin",
        "sv": "{target!r} kommer inte tidigare; villkor kan bara se bakåt",
        "en": "{target!r} does not come earlier; skip logic can only look back"},
    "show_if_no_item": {"fi": "skenaariossa ei ole kohtaa {target!r}",
                        "sv": "scenariot har ingen punkt {target!r}",
                        "en": "no item {target!r} in this scenario"},
    "show_if_cannot_control": {
        "fi": "kohta, jonka tyyppi on {kind}, ei voi ohjata ehtoja",
        "sv": "en punkt av typen {kind} kan inte styra villkor",
        "en": "a {kind} item cannot control skip logic"},
    "show_if_not_an_answer": {
        "fi": "{value!r} ei ole kohdan {target!r} vastaus ({allowed})",
        "sv": "{value!r} är inget svar på {target!r} ({allowed})",
        "en": "{value!r} is not an answer of {target!r} ({allowed})"},
    "file_a_list": {
        "fi": "{what}tiedoston pitää koostua avaimista ja arvoista; tämä on luettelo",
        "sv": "en {what}fil ska bestå av nycklar och värden; detta är en lista",
        "en": "{what} file must be a mapping of keys; this is a list"},
    "file_a_value": {
        "fi": "{what}tiedoston pitää koostua avaimista ja arvoista; tämä on yksittäinen arvo",
        "sv": "en {what}fil ska bestå av nycklar och värden; detta är ett enda värde",
        "en": "{what} file must be a mapping of keys; this is a single value"},
    "what_scenario": {"fi": "skenaario", "sv": "scenario", "en": "a scenario"},
    "what_framework": {"fi": "periaate", "sv": "princip", "en": "a framework"},
    "scenario_defined_twice": {
        "fi": "skenaario {scenario!r} on jo määritelty tiedostossa {path}",
        "sv": "scenariot {scenario!r} är redan definierat i {path}",
        "en": "scenario {scenario!r} is already defined in {path}"},
    "cannot_read_directory": {"fi": "kansiota ei voi lukea: {reason}",
                              "sv": "mappen kan inte läsas: {reason}",
                              "en": "cannot read the directory: {reason}"},
    "cannot_read_file": {"fi": "tiedostoa ei voi lukea: {reason}",
                         "sv": "filen kan inte läsas: {reason}",
                         "en": "cannot read the file: {reason}"},
    "not_a_principle_id": {"fi": "{value} ei ole periaatteen tunnus",
                           "sv": "{value} är inget principid",
                           "en": "{value} is not a principle id"},
    "file_too_large": {"fi": "tiedosto on liian suuri ({size} tavua; raja on {limit})",
                       "sv": "filen är för stor ({size} byte; gränsen är {limit})",
                       "en": "file is too large ({size:,} bytes; the limit is {limit:,})"},
    "file_not_utf8": {
        "fi": "ei ole UTF-8-tekstiä (virheellinen tavu 0x{byte:02x}); tallenna se UTF-8:na",
        "sv": "ingen UTF-8-text (felaktig byte 0x{byte:02x}); spara den som UTF-8",
        "en": "not UTF-8 text (bad byte 0x{byte:02x}); save it as UTF-8"},
    "yaml_invalid": {"fi": "ei ole kelvollista YAMLia: {reason}{hint}",
                     "sv": "är inte giltig YAML: {reason}{hint}",
                     "en": "not valid YAML: {reason}{hint}"},
    "yaml_colon_here": {
        "fi": "': ' (kaksoispiste ja välilyönti) ei voi olla tässä kohdassa",
        "sv": "': ' (kolon och mellanslag) kan inte stå här",
        "en": "a ': ' (colon and space) cannot stand here"},
    "yaml_no_colon": {"fi": "avaimen perästä puuttuu kaksoispiste (:)",
                      "sv": "nyckeln saknar sitt kolon (:)",
                      "en": "a key lacks its colon (:)"},
    "yaml_indent": {"fi": "sisennys ei täsmää yllä oleviin riveihin",
                    "sv": "indraget stämmer inte med raderna ovanför",
                    "en": "the indentation does not match the lines above"},
    "yaml_unclosed": {"fi": "lainausmerkit jäävät auki tiedoston loppuun asti",
                      "sv": "ett citattecken stängs aldrig före filens slut",
                      "en": "a quote is never closed before the end of the file"},
    "yaml_brackets": {
        "fi": "{{…}}- tai […]-rakenteesta puuttuu pilkku tai loppusulje",
        "sv": "en {{…}} eller […] saknar ett kommatecken eller sin slutparentes",
        "en": "a {{…}} or […] lacks a comma or its closing bracket"},
    "yaml_tab": {"fi": "sarkainmerkki ei kelpaa tähän", "sv": "ett tabbtecken duger inte här",
                 "en": "a tab character cannot stand here"},
    "yaml_escape": {"fi": "lainausmerkeissä on tuntematon \\-merkintä",
                    "sv": "en okänd \\-sekvens inom citattecken",
                    "en": "an unknown \\ sequence inside double quotes"},
    "yaml_alias": {"fi": "*-viittaus osoittaa nimeen, jota ei ole",
                   "sv": "en *-hänvisning pekar på ett namn som inte finns",
                   "en": "a * reference names nothing"},
    "yaml_documents": {"fi": "tiedostossa on useampi kuin yksi osa (rivi '---')",
                       "sv": "filen har mer än en del (en rad '---')",
                       "en": "the file holds more than one document (a line '---')"},
    "yaml_hint_tab": {"fi": " (sisennä välilyönneillä: sarkain ei kelpaa YAML-sisennykseksi)",
                      "sv": " (indentera med mellanslag: en tabb kan inte indentera YAML)",
                      "en": " (indent with spaces: a tab cannot indent YAML)"},
    "yaml_hint_dash": {"fi": " (lisää välilyönti viivan jälkeen: '- id: ...')",
                       "sv": " (sätt ett mellanslag efter strecket: '- id: ...')",
                       "en": " (put a space after the dash: '- id: ...')"},
    "yaml_hint_colon": {
        "fi": " (teksti, jossa on ': ', tarvitsee lainausmerkit: title: \"Kysymys: mitä nyt?\")",
        "sv": " (en text med ': ' behöver citattecken: title: \"Fråga: vad nu?\")",
        "en": " (a text that holds ': ' needs quotes: title: \"Question: what next?\")"},
    "yaml_character": {"fi": "ei ole kelvollista YAMLia: merkki 0x{char:x} ei ole sallittu",
                       "sv": "är inte giltig YAML: tecknet 0x{char:x} är inte tillåtet",
                       "en": "not valid YAML: character 0x{char:x} is not allowed"},
    "yaml_too_deep": {"fi": "ei ole kelvollista YAMLia: sisäkkäisiä tasoja on liikaa",
                      "sv": "är inte giltig YAML: för många nivåer inuti varandra",
                      "en": "not valid YAML: nested too deeply"},
    "file_empty": {"fi": "tiedosto on tyhjä", "sv": "filen är tom", "en": "the file is empty"},
    "key_not_plain": {"fi": "avaimen pitää olla tavallinen arvo",
                      "sv": "en nyckel ska vara ett enkelt värde",
                      "en": "a key must be a plain value"},
    "key_repeated": {"fi": "avain toistuu", "sv": "nyckeln upprepas", "en": "key repeated"},
    "bad_value": {"fi": "virheellinen arvo {value!r}: {reason}",
                  "sv": "ogiltigt värde {value!r}: {reason}",
                  "en": "bad value {value!r}: {reason}"},
    "yaml_tag": {"fi": "YAML-merkintää {tag} ei tueta", "sv": "YAML-taggen {tag} stöds inte",
                 "en": "unsupported YAML tag {tag}"},
    "yaml_too_many": {
        "fi": "liikaa arvoja (yli {limit}, viittaukset auki kirjoitettuina); hylätty",
        "sv": "för många värden (över {limit}, alias utskrivna); avvisad",
        "en": "too many values (over {limit:,}, aliases expanded); refused"},
    "yaml_levels": {"fi": "sisäkkäisiä tasoja on yli {limit}; hylätty",
                    "sv": "mer än {limit} nivåer inuti varandra; avvisad",
                    "en": "nested more than {limit} levels deep; refused"},
    # record: an interchange file's problems, each after its visit and key
    "record_not_object": {
        "fi": "tiedoston pitää olla JSON-olio, jossa on \"format\" ja \"visits\"",
        "sv": "filen ska vara ett JSON-objekt med \"format\" och \"visits\"",
        "en": "the file must be a JSON object with \"format\" and \"visits\"",
    },
    "expected_value": {
        "fi": "odotettiin {expected}, saatiin {value}",
        "sv": "väntade {expected}, fick {value}",
        "en": "expected {expected}, got {value}",
    },
    "unknown_key": {"fi": "tuntematon avain", "sv": "okänd nyckel", "en": "unknown key"},
    "json_invalid": {
        "fi": "ei ole kelvollista JSONia: {detail}",
        "sv": "är inte giltig JSON: {detail}",
        "en": "not valid JSON: {detail}",
    },
    "json_expecting_value": {"fi": "tästä puuttuu arvo", "sv": "ett värde saknas här",
                             "en": "a value is missing here"},
    "json_expecting_comma": {"fi": "tästä puuttuu pilkku", "sv": "ett kommatecken saknas här",
                             "en": "a comma is missing here"},
    "json_expecting_colon": {"fi": "tästä puuttuu kaksoispiste",
                             "sv": "ett kolon saknas här",
                             "en": "a colon is missing here"},
    "json_expecting_name": {
        "fi": "tässä pitäisi olla lainausmerkeissä oleva avain",
        "sv": "här ska en nyckel inom dubbla citattecken stå",
        "en": "a key in double quotes belongs here"},
    "json_unterminated": {"fi": "merkkijonon lainausmerkit jäävät auki",
                          "sv": "strängen avslutas aldrig med citattecken",
                          "en": "a string is never closed by its quote"},
    "json_control_character": {"fi": "merkkijonossa on ohjausmerkki (esim. rivinvaihto)",
                               "sv": "strängen innehåller ett styrtecken (t.ex. radbrytning)",
                               "en": "a control character (such as a line break) in a string"},
    "json_bad_escape": {"fi": "virheellinen \\-merkintä", "sv": "ogiltig \\-sekvens",
                        "en": "an invalid \\ sequence"},
    "json_extra_data": {"fi": "JSON-arvon jälkeen on vielä tekstiä",
                        "sv": "det finns text efter JSON-värdet",
                        "en": "more text after the JSON value"},
    "json_repeated_key": {
        "fi": "hylätty: avain {repeated!r} toistuu samassa oliossa",
        "sv": "avvisad: nyckeln {repeated!r} upprepas i samma objekt",
        "en": "refused: key {repeated!r} repeated in one object",
    },
    "json_constant": {
        "fi": "hylätty: {name} ei ole JSONin sallima luku",
        "sv": "avvisad: {name} är inget tal som JSON tillåter",
        "en": "refused: {name} is not a number JSON allows",
    },
    "json_too_deep": {
        "fi": "hylätty: sisäkkäisiä tasoja on liikaa",
        "sv": "avvisad: för många nivåer inuti varandra",
        "en": "refused: nested too deeply",
    },
    "json_too_large": {
        "fi": "tiedosto on liian suuri (yli {mib} MiB); jaa se pienempiin tiedostoihin",
        "sv": "filen är för stor (över {mib} MiB); dela upp den i mindre filer",
        "en": "file is too large (over the limit of {mib} MiB); split it into smaller files",
    },
    "expected_visit_list": {
        "fi": "odotettiin luetteloa käynneistä",
        "sv": "väntade en lista med besök",
        "en": "expected a list of visits",
    },
    "expected_object": {
        "fi": "odotettiin oliota, saatiin {value}",
        "sv": "väntade ett objekt, fick {value}",
        "en": "expected an object, got {value}",
    },
    "expected_answers_object": {
        "fi": "odotettiin oliota (kohdan tunniste → vastaus), saatiin {value}",
        "sv": "väntade ett objekt (punktens id → svar), fick {value}",
        "en": "expected an object of item id → answer, got {value}",
    },
    "expected_notes_object": {
        "fi": "odotettiin oliota (kohdan tunniste → muistiinpano), saatiin {value}",
        "sv": "väntade ett objekt (punktens id → anteckning), fick {value}",
        "en": "expected an object of item id → note, got {value}",
    },
    "not_uuid": {
        "fi": "ei ole UUID-tunniste: {value}",
        "sv": "är inget UUID: {value}",
        "en": "not a UUID: {value}",
    },
    "repeats_visit": {
        "fi": "sama kuin visits[{index}]",
        "sv": "upprepar visits[{index}]",
        "en": "repeats visits[{index}]",
    },
    "visit_already_here": {
        "fi": "on jo tietokannassa (muutokset tuodaan komennolla merge)",
        "sv": "finns redan i databasen (ändringar tas in med merge)",
        "en": "already in the database (use merge to bring in changes)",
    },
    "record_unknown_library": {
        "fi": "tuntematon kirjasto {library} (lisää se tai käytä valitsinta --create-missing)",
        "sv": "okänt bibliotek {library} (lägg till det eller använd --create-missing)",
        "en": "unknown library {library} (add it, or use --create-missing)",
    },
    "record_unknown_round": {
        "fi": "tuntematon kierros {round} (lisää se tai käytä valitsinta --create-missing)",
        "sv": "okänd omgång {round} (lägg till den eller använd --create-missing)",
        "en": "unknown round {round} (add it, or use --create-missing)",
    },
    "record_unknown_scenario": {
        "fi": "tuntematon skenaario {scenario!r}",
        "sv": "okänt scenario {scenario!r}",
        "en": "unknown scenario {scenario!r}",
    },
    "scenario_no_version": {
        "fi": "skenaariolla {scenario} ei ole versiota {version} (tunnetut: {known})",
        "sv": "{scenario} har ingen version {version} (kända: {known})",
        "en": "{scenario} has no version {version} (known: {known})",
    },
    "incomplete_visit": {
        "fi": "käynnin tiedot ovat puutteelliset",
        "sv": "besöket är ofullständigt",
        "en": "incomplete visit",
    },
    "lacks_required": {
        "fi": "käynnistä (tila {status}) puuttuu pakollinen vastaus: {items}",
        "sv": "besöket (status {status}) saknar obligatoriska svar: {items}",
        "en": "{status} visit lacks required {items}",
    },
    # merge: a source database is checked whole before anything of it is written
    "merge_problem": {
        "fi": "{what}: {field}: {reason}",
        "sv": "{what}: {field}: {reason}",
        "en": "{what}: {field}: {reason}",
    },
    "merge_visit": {"fi": "käynti {id}", "sv": "besök {id}", "en": "visit {id}"},
    "merge_library": {"fi": "kirjasto {id}", "sv": "bibliotek {id}", "en": "library {id}"},
    "merge_round": {"fi": "kierros {id}", "sv": "omgång {id}", "en": "round {id}"},
    "merge_evaluator": {"fi": "arvioija {id}", "sv": "utvärderare {id}", "en": "evaluator {id}"},
    "merge_scenario_text": {
        "fi": "tallennettu skenaario {id}",
        "sv": "sparat scenario {id}",
        "en": "stored scenario {id}",
    },
    "merge_refused": {
        "fi": "{source}: ei yhdistetty, koska siinä on {count} virhettä; ensimmäinen: {first}",
        "sv": "{source}: inte sammanslagen, den har {count} fel; det första: {first}",
        "en": "{source}: not merged, it has {count} problems; the first: {first}",
    },
    "stored_scenario_invalid": {
        "fi": "ei kelvollinen skenaario (rivi {line}: {problem})",
        "sv": "inget giltigt scenario (rad {line}: {problem})",
        "en": "not a valid scenario (line {line}: {problem})",
    },
    "sha256_mismatch": {
        "fi": "ei vastaa tallennettua tekstiä (sen sha256 on {actual})",
        "sv": "stämmer inte med den sparade texten (dess sha256 är {actual})",
        "en": "does not match the stored text (its sha256 is {actual})",
    },
    "scenario_mismatch": {
        "fi": "tallennettu teksti on {actual}",
        "sv": "den sparade texten är {actual}",
        "en": "the stored text is {actual}",
    },
    "in_neither_database": {
        "fi": "{value} puuttuu kummastakin tietokannasta",
        "sv": "{value} finns i ingen av databaserna",
        "en": "{value} is in neither database",
    },
    "sha256_invalid": {
        "fi": "{value} ei ole sha256-tiiviste",
        "sv": "{value} är ingen sha256-hash",
        "en": "{value} is not a sha256 hash",
    },
    "stored_scenario_unusable": {
        "fi": "sen tallennettu skenaario {id} ei kelpaa (katso edellä)",
        "sv": "dess sparade scenario {id} är ogiltigt (se ovan)",
        "en": "its stored scenario {id} is not valid (see above)",
    },
    "bad_visit_id": {
        "fi": "ei kelpaa käynnin tunnukseksi: {value}",
        "sv": "duger inte som besöks-id: {value}",
        "en": "not usable as a visit id: {value}",
    },
    "empty_text": {"fi": "tyhjä", "sv": "tom", "en": "empty"},
    # writing exports
    # why an OS call failed, for the commonest reasons (the OS's own words are English)
    "os_no_such_file": {"fi": "tiedostoa tai kansiota ei ole", "sv": "filen eller mappen finns inte",
                        "en": "no such file or folder"},
    "os_permission": {"fi": "ei oikeutta", "sv": "behörighet saknas", "en": "permission denied"},
    "os_is_directory": {"fi": "on kansio", "sv": "är en mapp", "en": "it is a folder"},
    "os_not_directory": {"fi": "polussa on tiedosto kansion paikalla",
                         "sv": "sökvägen har en fil där en mapp ska vara",
                         "en": "the path has a file where a folder should be"},
    "os_file_too_large": {"fi": "tiedosto on liian suuri", "sv": "filen är för stor",
                          "en": "the file is too large"},
    "os_read_only": {"fi": "levy on vain luettavissa", "sv": "disken är skrivskyddad",
                     "en": "the disk is read-only"},
    "os_not_utf8": {"fi": "ei ole UTF-8-tekstiä; tallenna se UTF-8:na",
                    "sv": "ingen UTF-8-text; spara den som UTF-8",
                    "en": "not UTF-8 text; save it as UTF-8"},
    "os_closed": {"fi": "tuloste on suljettu", "sv": "utmatningen är stängd",
                  "en": "the output is closed"},
    "disk_full": {
        "fi": "levy on täynnä: vapauta tilaa ja yritä uudelleen",
        "sv": "disken är full: frigör utrymme och försök igen",
        "en": "the disk is full: free some space and try again",
    },
    "export_not_written": {
        "fi": "{path}: ei voi kirjoittaa ({reason}); mitään ei kirjoitettu",
        "sv": "{path}: kan inte skriva ({reason}); ingenting skrevs",
        "en": "{path}: cannot write ({reason}); nothing was written",
    },
    "output_incomplete": {
        "fi": "vakiotulosteeseen ei voi kirjoittaa ({reason}); tuloste jäi kesken",
        "sv": "kan inte skriva till standardutmatningen ({reason}); utmatningen är ofullständig",
        "en": "cannot write to standard output ({reason}); the output is incomplete",
    },
    # visits named by id
    "no_visit": {"fi": "käyntiä {visit} ei ole", "sv": "det finns inget besök {visit}",
                 "en": "no visit {visit}"},
    "visit_id_short": {
        "fi": "käynnin tunnus {visit!r}: anna vähintään 6 ensimmäistä merkkiä",
        "sv": "besökets id {visit!r}: ange minst de 6 första tecknen",
        "en": "visit id {visit!r}: give at least 6 characters",
    },
    "visit_id_ambiguous": {
        "fi": "käynnin tunnus {visit} sopii useaan käyntiin: anna enemmän merkkejä",
        "sv": "besökets id {visit} passar flera besök: ange fler tecken",
        "en": "visit id {visit} is ambiguous: give more characters",
    },
    # review: roles and status changes
    "needs_lead": {
        "fi": "tämä on arvioijan tietokanta: käynnit hyväksytään, hylätään ja palautetaan "
              "tiiminvetäjän tietokannassa (jos tämä on se, anna komento: pilotkit role lead)",
        "sv": "det här är en utvärderares databas: besök godkänns, avvisas och returneras i "
              "teamledarens databas (om det är den här, kör: pilotkit role lead)",
        "en": "this is an evaluator's database: visits are approved, rejected and returned in "
              "the team lead's database (if this is it, run: pilotkit role lead)",
    },
    "cannot_submit": {
        "fi": "käynnin {visit} tila on {status}, joten sitä ei voi merkitä valmiiksi (vain luonnoksen "
              "tai korjattavaksi palautetun käynnin voi)",
        "sv": "besöket {visit} har status {status} och kan därför inte markeras som klart (bara ett "
              "utkast eller ett besök som returnerats för rättelse kan det)",
        "en": "visit {visit} is {status}, so it cannot be submitted (only a draft or a visit "
              "returned for correction can)",
    },
    "cannot_reopen": {
        "fi": "käynnin {visit} tila on {status}, joten sitä ei voi avata korjattavaksi (vain "
              "valmiin, vielä tarkastamattoman käynnin voi)",
        "sv": "besöket {visit} har status {status} och kan därför inte öppnas för rättelse "
              "(bara ett klart besök som inte har granskats kan det)",
        "en": "visit {visit} is {status}, so it cannot be reopened (only a submitted visit "
              "that is not yet reviewed can)",
    },
    "cannot_discard": {
        "fi": "käynnin {visit} tila on {status}, joten sitä ei voi poistaa (vain luonnoksen "
              "voi)",
        "sv": "besöket {visit} har status {status} och kan därför inte kasseras (bara ett "
              "utkast kan det)",
        "en": "visit {visit} is {status}, so it cannot be discarded (only a draft can)",
    },
    "cannot_approve": {
        "fi": "käynnin {visit} tila on {status}, joten sitä ei voi hyväksyä (vain valmiin "
              "käynnin voi)",
        "sv": "besöket {visit} har status {status} och kan därför inte godkännas (bara ett "
              "klart besök kan det)",
        "en": "visit {visit} is {status}, so it cannot be approved (only a submitted visit can)",
    },
    "cannot_reject": {
        "fi": "käynnin {visit} tila on {status}, joten sitä ei voi hylätä (vain valmiin "
              "käynnin voi)",
        "sv": "besöket {visit} har status {status} och kan därför inte avvisas (bara ett "
              "klart besök kan det)",
        "en": "visit {visit} is {status}, so it cannot be rejected (only a submitted visit can)",
    },
    "cannot_return": {
        "fi": "käynnin {visit} tila on {status}, joten sitä ei voi palauttaa korjattavaksi "
              "(vain valmiin käynnin voi)",
        "sv": "besöket {visit} har status {status} och kan därför inte returneras för rättelse "
              "(bara ett klart besök kan det)",
        "en": "visit {visit} is {status}, so it cannot be returned for correction (only a "
              "submitted visit can)",
    },
    "nothing_to_undo": {
        "fi": "käynnin {visit} tila on {status}: siinä ei ole kumottavaa päätöstä",
        "sv": "besöket {visit} har status {status}: det finns inget beslut att ångra",
        "en": "visit {visit} is {status}: there is no decision to undo",
    },
    "reason_for_reject": {
        "fi": "käynnin {visit} hylkäämiseen tarvitaan syy",
        "sv": "för att avvisa besöket {visit} behövs en orsak",
        "en": "rejecting visit {visit} needs a reason",
    },
    "reason_for_return": {
        "fi": "käynnin {visit} palauttamiseen korjattavaksi tarvitaan syy: kerro arvioijalle, "
              "mitä pitää korjata",
        "sv": "för att returnera besöket {visit} för rättelse behövs en orsak: skriv vad "
              "utvärderaren ska rätta",
        "en": "returning visit {visit} for correction needs a reason: tell the evaluator what "
              "to correct",
    },
    # the command line's review commands
    "done_submit": {"fi": "merkitty valmiiksi {visit}", "sv": "markerat som klart {visit}",
                    "en": "submitted {visit}"},
    "done_reopen": {"fi": "avattu korjattavaksi {visit}", "sv": "öppnat för rättelse {visit}",
                    "en": "reopened {visit}"},
    "done_discard": {"fi": "poistettu {visit}", "sv": "kasserat {visit}",
                     "en": "discarded {visit}"},
    "done_approve": {"fi": "hyväksytty {visit}", "sv": "godkänt {visit}",
                     "en": "approved {visit}"},
    "done_reject": {"fi": "hylätty {visit}", "sv": "avvisat {visit}", "en": "rejected {visit}"},
    "done_return": {"fi": "palautettu korjattavaksi {visit}",
                    "sv": "returnerat för rättelse {visit}",
                    "en": "returned for correction {visit}"},
    "done_undo": {"fi": "päätös kumottu {visit}", "sv": "beslutet ångrat {visit}",
                  "en": "decision undone {visit}"},
    "needs_yes": {
        "fi": "ei tehty: vahvistusta ei voi kysyä, koska syöte ei tule päätteeltä (lisää --yes)",
        "sv": "inte gjort: det går inte att fråga om bekräftelse utan terminal (lägg till --yes)",
        "en": "not done: there is no terminal to ask for a confirmation on (add --yes)",
    },
    "cancelled": {"fi": "peruttu: mitään ei muutettu", "sv": "avbrutet: inget ändrades",
                  "en": "cancelled: nothing was changed"},
    "discard_confirm": {
        "fi": "Poistetaanko yllä olevat luonnokset lopullisesti? Niitä ei saa takaisin.",
        "sv": "Kassera utkasten ovan för gott? De går inte att få tillbaka.",
        "en": "Discard the drafts above for good? They cannot be brought back.",
    },
    "answers_count": {"fi": "vastauksia {n}", "sv": "{n} svar", "en": "{n} answers"},
    "role_is_evaluator": {
        "fi": "evaluator: tämä on arvioijan tietokanta: käynnit täytetään täällä ja tarkastetaan "
              "tiiminvetäjän tietokannassa",
        "sv": "evaluator: det här är en utvärderares databas: besök fylls i här och granskas i "
              "teamledarens databas",
        "en": "evaluator: this is an evaluator's database: visits are filled here and reviewed "
              "in the team lead's database",
    },
    "role_is_lead": {
        "fi": "lead: tämä on tiiminvetäjän tietokanta: tänne yhdistetyt käynnit tarkastetaan "
              "täällä (hyväksytään, hylätään tai palautetaan korjattavaksi)",
        "sv": "lead: det här är en teamledares databas: besök som slås ihop hit granskas här "
              "(godkänns, avvisas eller returneras för rättelse)",
        "en": "lead: this is a team lead's database: visits merged here are reviewed here "
              "(approved, rejected or returned for correction)",
    },
    "role_confirm_lead": {
        "fi": "Tehdäänkö tästä tiiminvetäjän tietokanta? Käynnit tarkastetaan silloin täällä; "
              "arvioijien tietokantojen ei pidä olla sellaisia.",
        "sv": "Göra det här till teamledarens databas? Besök granskas då här; utvärderarnas "
              "databaser ska inte vara det.",
        "en": "Make this the team lead's database? Visits are then reviewed here; evaluators' "
              "databases should not be one.",
    },
    "role_confirm_evaluator": {
        "fi": "Tehdäänkö tästä arvioijan tietokanta? Käyntejä ei sen jälkeen voi tarkastaa "
              "täällä.",
        "sv": "Göra det här till en utvärderares databas? Besök kan sedan inte granskas här.",
        "en": "Make this an evaluator's database? Visits can then no longer be reviewed here.",
    },
    "role_set_lead": {"fi": "tämä on nyt tiiminvetäjän tietokanta",
                      "sv": "det här är nu teamledarens databas",
                      "en": "this is now the team lead's database"},
    "role_set_evaluator": {"fi": "tämä on nyt arvioijan tietokanta",
                           "sv": "det här är nu en utvärderares databas",
                           "en": "this is now an evaluator's database"},
    "history_here": {"fi": "tämä tietokanta", "sv": "denna databas", "en": "this database"},
    "history_database": {"fi": "tietokanta {database}", "sv": "databas {database}",
                         "en": "database {database}"},
    "history_reason": {"fi": "syy: {reason}", "sv": "orsak: {reason}", "en": "reason: {reason}"},
    "history_not_counted": {
        "fi": "ei voimassa täällä", "sv": "gäller inte här", "en": "does not count here"},
    "history_empty": {
        "fi": "käynnin {visit} tila ei ole muuttunut: se on luonnos",
        "sv": "besöket {visit} har inte bytt status: det är ett utkast",
        "en": "visit {visit} has had no status change: it is a draft",
    },
    # merge: what the merged review logs decided
    "merge_not_taken": {
        "fi": "{source}: käynnin {visit} ({place}) tila siellä on {status}, mutta se on asetettu "
              "arvioijan tietokannassa: sitä ei oteta tänne (tiiminvetäjä tarkastaa käynnin)",
        "sv": "{source}: besöket {visit} ({place}) har där status {status}, satt i en "
              "utvärderares databas: den tas inte med hit (en teamledare granskar besöket)",
        "en": "{source}: visit {visit} ({place}) is {status} there, set in an evaluator's "
              "database: not taken here (a team lead reviews it)",
    },
    "merge_decisions_differ": {
        "fi": "ristiriita: käynti {visit} ({place}): tiiminvetäjät päättivät eri tavoin "
              "({first}, {first_when}; {second}, {second_when}); myöhempi päätös pysyy voimassa",
        "sv": "konflikt: besöket {visit} ({place}): teamledarna beslutade olika ({first}, "
              "{first_when}; {second}, {second_when}); det senare beslutet står fast",
        "en": "conflict: visit {visit} ({place}): team leads decided differently ({first}, "
              "{first_when}; {second}, {second_when}); the later decision stands",
    },
    "merge_decision_stands": {
        "fi": "ristiriita: käynti {visit} ({place}): tiiminvetäjän päätös ({decision}, {when}) "
              "pysyy voimassa; tiedoston {source} myöhempiä muutoksia ei oteta mukaan",
        "sv": "konflikt: besöket {visit} ({place}): teamledarens beslut ({decision}, {when}) "
              "står fast; de senare ändringarna från {source} tas inte med",
        "en": "conflict: visit {visit} ({place}): the team lead's decision ({decision}, {when}) "
              "stands; the later changes from {source} are not taken",
    },
    "merge_decision_stands_here": {
        "fi": "ristiriita: käynti {visit} ({place}): tiiminvetäjän päätös ({decision}, {when}) "
              "pysyy voimassa; tässä tietokannassa käynnin valmiiksi merkitsemisen jälkeen tehdyt muutokset "
              "eivät ole voimassa",
        "sv": "konflikt: besöket {visit} ({place}): teamledarens beslut ({decision}, {when}) "
              "står fast över det som gjorts här efter att besöket markerades som klart",
        "en": "conflict: visit {visit} ({place}): the team lead's decision ({decision}, {when}) "
              "stands over what was done here after the visit was submitted",
    },
    "merge_content_differs": {
        "fi": "ristiriita: käynti {visit} ({place}) eroaa kummassakin tietokannassa; "
              "pidettiin {kept}, muutettu {when}",
        "sv": "konflikt: besöket {visit} ({place}) skiljer sig i båda databaserna; "
              "behöll {kept}, ändrad {when}",
        "en": "conflict: visit {visit} ({place}) differs in both databases; kept {kept}, "
              "modified {when}"},
    "merge_kept_source": {"fi": "lähteen version", "sv": "källans version",
                          "en": "the source's version"},
    "merge_kept_here": {"fi": "tämän tietokannan version", "sv": "den här databasens version",
                        "en": "this database's version"},
    "merge_later_change_stands": {
        "fi": "ristiriita: käyntiä {visit} ({place}) on muutettu kummassakin tietokannassa; "
              "myöhempi muutos pysyy voimassa ({action}, {when})",
        "sv": "konflikt: besöket {visit} ({place}) har ändrats i båda databaserna; den senare "
              "ändringen står fast ({action}, {when})",
        "en": "conflict: visit {visit} ({place}) was changed in both databases; the later "
              "change stands ({action}, {when})",
    },
    "missing_required": {
        "fi": "käyntiä {visit} ei voi merkitä valmiiksi: pakollisiin kysymyksiin ei ole vastattu: {items}",
        "sv": "besöket {visit} kan inte markeras som klart: obligatoriska frågor är obesvarade: {items}",
        "en": "visit {visit} cannot be submitted: required questions are not answered: {items}",
    },
}


class Word:
    """A stored value (a status, a role, an action) that a message shows as a word of its language."""

    def __init__(self, kind: LabelKind, value: str) -> None:
        self.kind = kind
        self.value = value

    def in_lang(self, lang: str) -> str:
        return label(self.kind, self.value, lang)

    def __str__(self) -> str:
        return self.in_lang("en")

    def __repr__(self) -> str:
        return f"Word({self.kind!r}, {self.value!r})"


_OS_REASONS = {errno.ENOENT: "os_no_such_file", errno.EACCES: "os_permission",
               errno.EPERM: "os_permission", errno.EISDIR: "os_is_directory",
               errno.ENOTDIR: "os_not_directory", errno.ENOSPC: "disk_full",
               errno.EDQUOT: "disk_full", errno.EFBIG: "os_file_too_large",
               errno.EROFS: "os_read_only", errno.EBADF: "os_closed"}


def os_reason(error: OSError) -> object:
    """Why an OS call failed, in the reader's language for the common reasons; else the
    OS's own words."""
    key = _OS_REASONS.get(error.errno or 0)
    return Message(key) if key else (error.strerror or str(error))


def render(key: str, lang: Lang, **params: Any) -> str:
    """The message `key` in `lang`, with its values filled in.

    A value that is itself a message (or a tuple of messages, joined with
    commas) is rendered in `lang` too.
    """
    texts = MESSAGES[key]
    values = {name: _in_lang(value, lang) for name, value in params.items()}
    return (texts.get(lang) or texts["en"]).format(**values)


def _in_lang(value: Any, lang: Lang) -> Any:
    if isinstance(value, Message | Translatable):
        return value.text(lang)
    in_lang = getattr(value, "in_lang", None)
    if callable(in_lang):  # a word (`Word`), a time (`reviewlog.Moment`)
        return in_lang(lang)
    if isinstance(value, tuple) and value and all(isinstance(v, Message) for v in value):
        return ", ".join(v.text(lang) for v in value)
    return value


class Message(str):
    """A line whose English text is the string itself, renderable in any language.

    Being a `str`, it goes wherever a problem line went before (lists of
    problems, `in` tests, joins); `localize` renders it in the user's
    language. `prefix` (ids, field names, a file's path) is the same in every
    language.
    """

    key: str
    prefix: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, prefix: str = "", **params: Any) -> Message:
        line = super().__new__(cls, prefix + render(key, "en", **params))
        line.key, line.prefix, line.params = key, prefix, params
        return line

    def text(self, lang: Lang) -> str:
        return self.prefix + render(self.key, lang, **self.params)


def line(prefix: str, reason: object) -> str:
    """`prefix` then `reason` (a message, an error carrying a message key, or plain text)."""
    if isinstance(reason, Message):
        return Message(reason.key, prefix + reason.prefix, **reason.params)
    if isinstance(reason, Translatable) and reason.key is not None:
        return Message(reason.key, prefix, **reason.params)
    return prefix + str(reason)


class Translatable(Exception):
    """An error whose text exists in every language; `str()` is the English one.

    Raise it as `SomeError.of("key", value=...)`, or with a plain string for
    text that has no translation yet.
    """

    key: str | None = None
    params: dict[str, Any]

    @classmethod
    def of(cls, key: str, **params: Any) -> Any:
        error = cls(render(key, "en", **params))
        error.key = key
        error.params = params
        return error

    def text(self, lang: Lang) -> str:
        if self.key is None:
            return str(self)
        return render(self.key, lang, **self.params)


def localize(message: object, lang: Lang) -> str:
    """Any error or message object as one line in `lang`."""
    if isinstance(message, Translatable | Message):
        return message.text(lang)
    in_lang = getattr(message, "in_lang", None)
    if callable(in_lang):  # a problem in a file (`Problem`), a word, a time
        return str(in_lang(lang))
    return str(message)
