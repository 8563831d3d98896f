"""The command line's help in Finnish and Swedish, keyed by the English (`cli_help.py`).

A help text changed in `cli.py` needs its entry here changed with it; a test
finds every text of every command and option without both translations.
"""

from __future__ import annotations

from pilotkit.core.langs import Lang


def lookup(table: dict[str, dict[str, str]], english: str, lang: Lang) -> str:
    """`english` in `lang` from `table`; as it is in English or when untranslated."""
    return english if lang == "en" else table.get(english, {}).get(lang, english)


CLICK_WORDS: dict[str, dict[str, str]] = {
    "Usage:": {"fi": "Käyttö:", "sv": "Användning:"},
    "Options": {"fi": "Valitsimet", "sv": "Flaggor"},
    "Commands": {"fi": "Komennot", "sv": "Kommandon"},
    "Positional arguments": {"fi": "Argumentit", "sv": "Argument"},
    "default": {"fi": "oletus", "sv": "standard"},
    "required": {"fi": "pakollinen", "sv": "obligatorisk"},
    "env var": {"fi": "ympäristömuuttuja", "sv": "miljövariabel"},
    "version": {"fi": "versio", "sv": "version"},
}

METAVARS: dict[str, dict[str, str]] = {
    "[OPTIONS]": {"fi": "[VALITSIMET]", "sv": "[FLAGGOR]"},
    "COMMAND [ARGS]...": {"fi": "KOMENTO [ARGUMENTIT]...", "sv": "KOMMANDO [ARGUMENT]..."},
    "[COMMAND] [ARGS]...": {"fi": "[KOMENTO] [ARGUMENTIT]...",
                            "sv": "[KOMMANDO] [ARGUMENT]..."},
    "CH,...": {"fi": "KANAVA,...", "sv": "KANAL,..."},
    "CODE": {"fi": "KOODI", "sv": "KOD"},
    "CODE,...": {"fi": "KOODI,...", "sv": "KOD,..."},
    "D": {"fi": "PV", "sv": "DGR"},
    "DATE": {"fi": "PÄIVÄ", "sv": "DATUM"},
    "DIR": {"fi": "KANSIO", "sv": "MAPP"},
    "FILE": {"fi": "TIEDOSTO", "sv": "FIL"},
    "FILE|-": {"fi": "TIEDOSTO|-", "sv": "FIL|-"},
    "FLOAT": {"fi": "LUKU", "sv": "TAL"},
    "FLOAT RANGE": {"fi": "LUKU", "sv": "TAL"},
    "FROM TO": {"fi": "MISTÄ MIHIN", "sv": "FRÅN TILL"},
    "ID": {"fi": "ID", "sv": "ID"},
    "ID,...": {"fi": "ID,...", "sv": "ID,..."},
    "ID...": {"fi": "ID...", "sv": "ID..."},
    "INTEGER": {"fi": "KOKONAISLUKU", "sv": "HELTAL"},
    "INTEGER RANGE": {"fi": "KOKONAISLUKU", "sv": "HELTAL"},
    "ISIL": {"fi": "ISIL", "sv": "ISIL"},
    "ISIL,...": {"fi": "ISIL,...", "sv": "ISIL,..."},
    "KIND": {"fi": "LAJI", "sv": "TYP"},
    "N": {"fi": "N", "sv": "N"},
    "N,...": {"fi": "N,...", "sv": "N,..."},
    "NAME": {"fi": "NIMI", "sv": "NAMN"},
    "PATH": {"fi": "POLKU", "sv": "SÖKVÄG"},
    "PATHS": {"fi": "POLUT", "sv": "SÖKVÄGAR"},
    "[PATHS]...": {"fi": "[POLUT]...", "sv": "[SÖKVÄGAR]..."},
    "POINTS": {"fi": "PISTEET", "sv": "POÄNG"},
    "R1,...": {"fi": "K1,...", "sv": "O1,..."},
    "R1,R2,...": {"fi": "K1,K2,...", "sv": "O1,O2,..."},
    "ROUND": {"fi": "KIERROS", "sv": "OMGÅNG"},
    "S,...": {"fi": "TILA,...", "sv": "STATUS,..."},
    "SOURCE.db...": {"fi": "LÄHDE.db...", "sv": "KÄLLA.db..."},
    "TEXT": {"fi": "TEKSTI", "sv": "TEXT"},
}

HELP: dict[str, dict[str, str]] = {
    "A note on the decision, kept in the review log.": {
        "fi": "Huomautus päätöksestä; tallennetaan tarkastushistoriaan.",
        "sv": "En anteckning om beslutet; sparas i granskningshistoriken.",
    },
    "A readable name, e.g. 'Spring 2017 baseline'.": {
        "fi": "Luettava nimi, esim. 'Kevät 2017, lähtötaso'.",
        "sv": "Ett läsbart namn, t.ex. 'Våren 2017, baslinje'.",
    },
    "A report a library can publish: results, method, findings (HTML or Markdown).": {
        "fi": "Kirjaston julkaistavaksi sopiva raportti: tulokset, menetelmä, havainnot (HTML tai "
              "Markdown).",
        "sv": "En rapport som biblioteket kan publicera: resultat, metod, iakttagelser (HTML eller "
              "Markdown).",
    },
    "A visit's review log, oldest first: each status change, when (UTC), in which database and why.": {
        "fi": "Käynnin tarkastushistoria vanhimmasta alkaen: jokainen tilan muutos, milloin (UTC), missä "
              "tietokannassa ja miksi.",
        "sv": "Besökets granskningshistorik, äldst först: varje statusändring, när (UTC), i vilken "
              "databas och varför.",
    },
    "Add a library: ISIL code (e.g. FI-Lohja) and name.": {
        "fi": "Lisää kirjasto: ISIL-tunnus (esim. FI-Lohja) ja nimi.",
        "sv": "Lägg till ett bibliotek: ISIL-kod (t.ex. FI-Lohja) och namn.",
    },
    "Add an evaluation round.": {
        "fi": "Lisää arviointikierros.",
        "sv": "Lägg till en utvärderingsomgång.",
    },
    "Add visits from interchange JSON (pilotkit-visits/1): all of them, or none.": {
        "fi": "Lisää käynnit siirtotiedostosta (JSON, pilotkit-visits/1): kaikki tai ei yhtään.",
        "sv": "Lägg till besök från en utbytesfil (JSON, pilotkit-visits/1): alla eller inga.",
    },
    "Another scenario directory; may be given many times. Later ones win.": {
        "fi": "Toinen skenaariokansio; valitsimen voi antaa monta kertaa. Myöhempi kansio voittaa.",
        "sv": "Ännu en scenariomapp; flaggan kan ges flera gånger. En senare mapp går före.",
    },
    "Another seed gives another plan with the same properties.": {
        "fi": "Toinen siemenluku antaa toisen suunnitelman, jolla on samat ominaisuudet.",
        "sv": "Ett annat frö ger en annan plan med samma egenskaper.",
    },
    "Approve submitted visits (a team lead's database only); an id may be cut to its first 6 "
    "characters or more.": {
        "fi": "Hyväksy valmiit käynnit (vain tiiminvetäjän tietokannassa); tunnuksesta riittää "
              "vähintään 6 ensimmäistä merkkiä.",
        "sv": "Godkänn klara besök (endast i teamledarens databas); det räcker med minst de 6 "
              "första tecknen av ett id.",
    },
    "At most this many.": {
        "fi": "Enintään näin monta.",
        "sv": "Högst så här många.",
    },
    "Bring in the libraries, rounds and visits of other pilotkit databases.\n\nVisits are keyed by id: "
    "merging the same database twice adds nothing. A\nvisit changed on both sides keeps its most "
    "recently modified version and\nthe conflict is reported.": {
        "fi": "Tuo muiden pilotkit-tietokantojen kirjastot, kierrokset ja käynnit.\n\nKäynnit "
              "tunnistetaan tunnuksesta: saman tietokannan yhdistäminen toiseen kertaan ei lisää mitään. "
              "Molemmissa muuttuneesta käynnistä säilyy viimeksi muutettu versio, ja ristiriidasta "
              "kerrotaan.",
        "sv": "Hämta in bibliotek, omgångar och besök från andra pilotkit-databaser.\n\nBesök känns igen "
              "på sitt id: att slå ihop samma databas två gånger lägger inte till något. Ett besök som "
              "ändrats på båda sidor behåller sin senast ändrade version, och konflikten rapporteras.",
    },
    "CSV for Excel in a Finnish locale.": {
        "fi": "CSV Excelille suomalaisin alueasetuksin.",
        "sv": "CSV för Excel med finska regionala inställningar.",
    },
    "Check and list the scenario checklists.": {
        "fi": "Tarkista ja luettele skenaarioiden tarkistuslistat.",
        "sv": "Kontrollera och lista scenariernas checklistor.",
    },
    "Count approved visits only.": {
        "fi": "Laske vain hyväksytyt käynnit.",
        "sv": "Räkna bara godkända besök.",
    },
    "Create libraries and rounds the file names but the database lacks.": {
        "fi": "Luo kirjastot ja kierrokset, jotka tiedostossa mainitaan mutta tietokannasta puuttuvat.",
        "sv": "Skapa bibliotek och omgångar som filen nämner men databasen saknar.",
    },
    "Database file (default: $PILOTKIT_DB, else pilotkit.db in the user data dir).": {
        "fi": "Tietokantatiedosto (oletus: $PILOTKIT_DB, muuten pilotkit.db käyttäjän datakansiossa).",
        "sv": "Databasfil (standard: $PILOTKIT_DB, annars pilotkit.db i användarens datamapp).",
    },
    "Days before an evaluator may visit the same library again [default: 30].": {
        "fi": "Päiviä ennen kuin arvioija saa käydä samassa kirjastossa uudelleen [oletus: 30].",
        "sv": "Dagar innan en utvärderare får besöka samma bibliotek igen [standard: 30].",
    },
    "Declare (or list) the libraries an evaluator must not visit.": {
        "fi": "Ilmoita (tai luettele) kirjastot, joissa arvioija ei saa käydä.",
        "sv": "Ange (eller lista) de bibliotek som en utvärderare inte får besöka.",
    },
    "Discard drafts for good (drafts only); no merge brings them back.": {
        "fi": "Poista luonnokset lopullisesti (vain luonnokset); mikään yhdistäminen ei tuo niitä takaisin.",
        "sv": "Kassera utkast för gott (bara utkast); ingen sammanslagning tar tillbaka dem.",
    },
    "Discard without asking (for scripts).": {
        "fi": "Poista kysymättä (skripteille).",
        "sv": "Kassera utan att fråga (för skript).",
    },
    "Do not ask for confirmation.": {
        "fi": "Älä pyydä vahvistusta.",
        "sv": "Fråga inte efter bekräftelse.",
    },
    "Evaluation rounds: a baseline, then rounds after each service pilot.": {
        "fi": "Arviointikierrokset: lähtötaso ja sitten kierros kunkin palvelupilotin jälkeen.",
        "sv": "Utvärderingsomgångar: en baslinje, sedan en omgång efter varje servicepilot.",
    },
    "Evaluators (pseudonymous codes) and where they must not go.": {
        "fi": "Arvioijat (pseudonyymit koodit) ja kirjastot, joihin he eivät saa mennä.",
        "sv": "Utvärderare (pseudonyma koder) och bibliotek dit de inte får gå.",
    },
    "Excel in a Finnish locale: UTF-8 with BOM, ';', decimal comma, CRLF.": {
        "fi": "Excel suomalaisin alueasetuksin: UTF-8 ja BOM, ';', desimaalipilkku, CRLF.",
        "sv": "Excel med finska regionala inställningar: UTF-8 med BOM, ';', decimalkomma, CRLF.",
    },
    "Export answers (one row per visit × item), visits (one row per visit) or scores.": {
        "fi": "Vie vastaukset (answers: rivi kustakin käynnin kohdasta), käynnit (visits: rivi kustakin "
              "käynnistä) tai pisteet (scores).",
        "sv": "Exportera svar (answers: en rad per besök × punkt), besök (visits: en rad per besök) "
              "eller poäng (scores).",
    },
    "Fill the database with a clearly labelled synthetic data set to try the app on (its\nnames and "
    "comments in the language of --lang).": {
        "fi": "Täytä tietokanta selvästi merkityllä keksityllä aineistolla sovelluksen kokeilemista "
              "varten (sen nimet ja kommentit --lang-valitsimen kielellä).",
        "sv": "Fyll databasen med tydligt märkta påhittade data att prova appen på (namn och kommentarer "
              "på språket i --lang).",
    },
    "First day (YYYY-MM-DD).": {
        "fi": "Ensimmäinen päivä (VVVV-KK-PP).",
        "sv": "Första dagen (ÅÅÅÅ-MM-DD).",
    },
    "Grouping of the scores export.": {
        "fi": "Pisteviennin ryhmittely.",
        "sv": "Poängexportens gruppering.",
    },
    "How many visits to make.": {
        "fi": "Montako käyntiä tehdään.",
        "sv": "Hur många besök som görs.",
    },
    "Instead: the visits per library per round needed to detect this change.": {
        "fi": "Sen sijaan: käyntien määrä kirjastoa ja kierrosta kohden, joka tarvitaan tämän muutoksen "
              "havaitsemiseen.",
        "sv": "I stället: antalet besök per bibliotek och omgång som behövs för att upptäcka den här "
              "förändringen.",
    },
    "Keep the round's free text and evaluator codes until this day; then `pilotkit purge`.": {
        "fi": "Säilytä kierroksen vapaat tekstit ja arvioijakoodit tähän päivään asti; sitten `pilotkit "
              "purge`.",
        "sv": "Behåll omgångens fritext och utvärderarkoder till den här dagen; sedan `pilotkit purge`.",
    },
    "Language (default: the system locale).": {
        "fi": "Kieli (oletus: järjestelmän kieliasetus).",
        "sv": "Språk (standard: systemets språkinställning).",
    },
    "Last day (YYYY-MM-DD).": {
        "fi": "Viimeinen päivä (VVVV-KK-PP).",
        "sv": "Sista dagen (ÅÅÅÅ-MM-DD).",
    },
    "Libraries where the evaluator, family or friends work: never planned.": {
        "fi": "Kirjastot, joissa arvioija tai hänen perheensä tai ystävänsä työskentelevät: niihin ei "
              "koskaan suunnitella käyntejä.",
        "sv": "Bibliotek där utvärderaren, familj eller vänner arbetar: planeras aldrig.",
    },
    "Libraries, by ISIL code.": {
        "fi": "Kirjastot ISIL-tunnuksineen.",
        "sv": "Bibliotek, med sina ISIL-koder.",
    },
    "List the libraries.": {
        "fi": "Luettele kirjastot.",
        "sv": "Lista biblioteken.",
    },
    "List the loaded scenarios.": {
        "fi": "Luettele ladatut skenaariot.",
        "sv": "Lista de inlästa scenarierna.",
    },
    "List the rounds.": {
        "fi": "Luettele kierrokset.",
        "sv": "Lista omgångarna.",
    },
    "List visits, newest first.": {
        "fi": "Luettele käynnit uusimmasta alkaen.",
        "sv": "Lista besök, nyast först.",
    },
    "List visits, submit or reopen them, and review them (a team lead's database).": {
        "fi": "Luettele käyntejä, merkitse ne valmiiksi tai avaa uudelleen ja tarkasta ne (tiiminvetäjän "
              "tietokannassa).",
        "sv": "Lista besök, markera dem som klara eller öppna dem igen, och granska dem (i teamledarens "
              "databas).",
    },
    "Mystery-shopping checklists and comparisons for library customer service.\n\nWith no command, "
    "starts the terminal app.": {
        "fi": "Haamuasioinnin tarkistuslistat ja vertailut kirjastojen asiakaspalveluun.\n\nIlman "
              "komentoa käynnistyy pääteohjelma.",
        "sv": "Checklistor och jämförelser för anonyma kundbesök (mystery shopping) i bibliotekens "
              "kundservice.\n\nUtan kommando startar terminalappen.",
    },
    "One evaluator's visits only.": {
        "fi": "Vain yhden arvioijan käynnit.",
        "sv": "Bara en utvärderares besök.",
    },
    "One round's status report instead of a change.": {
        "fi": "Yhden kierroksen tilanneraportti muutoksen sijaan.",
        "sv": "En omgångs lägesrapport i stället för en förändring.",
    },
    "Only these channels: in_person, phone, email, chat, video, web.": {
        "fi": "Vain nämä kanavat: in_person (käynti paikan päällä), phone (puhelin), email "
              "(sähköposti), chat, video (videoyhteys), web (verkkosivut).",
        "sv": "Bara dessa kanaler: in_person (besök på plats), phone (telefon), email (e-post), "
              "chat (chatt), video (videosamtal), web (webbplats).",
    },
    "Only these libraries.": {
        "fi": "Vain nämä kirjastot.",
        "sv": "Bara dessa bibliotek.",
    },
    "Only these rounds.": {
        "fi": "Vain nämä kierrokset.",
        "sv": "Bara dessa omgångar.",
    },
    "Only these scenarios.": {
        "fi": "Vain nämä skenaariot.",
        "sv": "Bara dessa scenarier.",
    },
    "Only these statuses: draft, submitted, approved, rejected, returned (submitted: the review "
    "queue).": {
        "fi": "Vain nämä tilat: draft (luonnos), submitted (valmis), approved (hyväksytty), "
              "rejected (hylätty), returned (palautettu korjattavaksi); submitted on tarkastusjono.",
        "sv": "Bara dessa statusar: draft (utkast), submitted (klart), approved (godkänt), "
              "rejected (avvisat), returned (returnerat för rättelse); submitted är granskningskön.",
    },
    "Only visits of these statuses (default: all for answers and visits); 'counted' is what compare "
    "counts (submitted and approved).": {
        "fi": "Vain näissä tiloissa olevat käynnit (oletus: answers- ja visits-viennissä kaikki); "
              "'counted' on se, minkä compare laskee mukaan (valmiit ja hyväksytyt).",
        "sv": "Bara besök med dessa statusar (standard: alla vid export av answers och visits); "
              "'counted' är det som compare räknar med (klara och godkända).",
    },
    "Output format.": {
        "fi": "Tulostusmuoto.",
        "sv": "Utdataformat.",
    },
    "Per group, only the scenarios visited in every round compared.": {
        "fi": "Kussakin ryhmässä vain ne skenaariot, joita käytettiin kaikilla vertailluilla kierroksilla.",
        "sv": "I varje grupp bara de scenarier som besöktes i varje jämförd omgång.",
    },
    "Per-library results resting on fewer visits are left out.": {
        "fi": "Kirjastokohtaiset tulokset, jotka perustuvat tätä harvempiin käynteihin, jätetään pois.",
        "sv": "Resultat per bibliotek som vilar på färre besök utelämnas.",
    },
    "Plan a round before anyone visits: how many visits can show a change.": {
        "fi": "Suunnittele kierros ennen käyntejä: kuinka monella käynnillä muutos voi näkyä.",
        "sv": "Planera en omgång innan någon gör besök: hur många besök som kan visa en förändring.",
    },
    "Plan who visits which library when: even, within the lockout, never where an\nevaluator has a "
    "conflict, and connected (so evaluators and libraries can be told apart).": {
        "fi": "Suunnittele, kuka käy missä kirjastossa ja milloin: tasaisesti, karenssia noudattaen, ei "
              "koskaan siellä, missä arvioija on esteellinen, ja kytkeytyneesti (jotta arvioijat ja "
              "kirjastot voidaan erottaa toisistaan).",
        "sv": "Planera vem som besöker vilket bibliotek och när: jämnt, med karensen, aldrig där en "
              "utvärderare är jävig, och sammanhängande (så att utvärderare och bibliotek kan skiljas "
              "åt).",
    },
    "Planned visits against those begun and submitted, per library and per evaluator.": {
        "fi": "Suunnitellut käynnit verrattuna aloitettuihin ja valmiisiin, kirjastoittain ja "
              "arvioijittain.",
        "sv": "Planerade besök mot påbörjade och klara, per bibliotek och per utvärderare.",
    },
    "Principle scores per group and round, with 95 % intervals; or the change between rounds.": {
        "fi": "Periaatteiden pisteet ryhmittäin ja kierroksittain 95 %:n luottamusväleineen; tai muutos "
              "kierrosten välillä.",
        "sv": "Princippoäng per grupp och omgång, med 95 %-intervall; eller förändringen mellan omgångar.",
    },
    "Print a round's plan (ics: one calendar per evaluator, for their calendar app).": {
        "fi": "Tulosta kierroksen suunnitelma (ics: kalenteri kullekin arvioijalle hänen "
              "kalenterisovellukseensa).",
        "sv": "Skriv ut en omgångs plan (ics: en kalender per utvärderare, för deras kalenderapp).",
    },
    "Print this database's role, or set it: lead (reviews visits) or evaluator (the default).": {
        "fi": "Näytä tietokannan rooli tai aseta se: lead (tiiminvetäjä, tarkastaa käynnit) tai "
              "evaluator (arvioija, oletus).",
        "sv": "Visa databasens roll eller ange den: lead (teamledare, granskar besök) eller evaluator "
              "(utvärderare, standard).",
    },
    "Purge the visits made before this day.": {
        "fi": "Poista tekstit ennen tätä päivää tehdyiltä käynneiltä.",
        "sv": "Rensa fritext från besök som gjorts före den här dagen.",
    },
    "Purge this round's visits.": {
        "fi": "Poista tekstit tämän kierroksen käynneiltä.",
        "sv": "Rensa fritext från den här omgångens besök.",
    },
    "Random seed.": {
        "fi": "Satunnaislukujen siemen.",
        "sv": "Slumpfrö.",
    },
    "Record or correct what staff were told and how long the round's data is kept\n(an empty value "
    "clears it).": {
        "fi": "Kirjaa tai korjaa, mitä henkilökunnalle kerrottiin ja kuinka kauan kierroksen tietoja "
              "säilytetään (tyhjä arvo poistaa tiedon).",
        "sv": "Registrera eller rätta vad personalen fick veta och hur länge omgångens data sparas (ett "
              "tomt värde tar bort uppgiften).",
    },
    "Reject submitted visits with a reason (a team lead's database only); they never count.": {
        "fi": "Hylkää valmiit käynnit perustellen (vain tiiminvetäjän tietokannassa); niitä ei koskaan "
              "lasketa mukaan.",
        "sv": "Avvisa klara besök med en motivering (endast i teamledarens databas); de räknas aldrig.",
    },
    "Remove the notes, comments and evaluator codes of a round's visits (or of visits before\na day) "
    "once they need not be kept; scores, answers and review decisions stay.": {
        "fi": "Poista kierroksen käyntien (tai tiettyä päivää edeltävien käyntien) muistiinpanot, "
              "kommentit ja arvioijakoodit, kun niitä ei enää tarvitse säilyttää; pisteet, vastaukset ja "
              "tarkastuspäätökset säilyvät.",
        "sv": "Ta bort anteckningar, kommentarer och utvärderarkoder för en omgångs besök (eller för "
              "besök före en dag) när de inte längre behöver sparas; poäng, svar och granskningsbeslut "
              "finns kvar.",
    },
    "Rename a library: the name shown in tables, the app and Excel exports (the ISIL stays).": {
        "fi": "Nimeä kirjasto uudelleen: nimi näkyy taulukoissa, sovelluksessa ja Excel-vienneissä "
              "(ISIL-tunnus pysyy).",
        "sv": "Byt namn på ett bibliotek: namnet som visas i tabeller, appen och Excel-exporter "
              "(ISIL-koden består).",
    },
    "Reopen submitted visits to correct them, until a team lead has reviewed them.": {
        "fi": "Avaa valmiit käynnit uudelleen korjattaviksi, kunnes tiiminvetäjä on tarkastanut ne.",
        "sv": "Öppna klara besök igen för att rätta dem, tills en teamledare har granskat dem.",
    },
    "Replace the round's existing plan.": {
        "fi": "Korvaa kierroksen nykyinen suunnitelma.",
        "sv": "Ersätt omgångens befintliga plan.",
    },
    "Report every problem in scenario files, one line each as PATH:LINE: message.\n\nPATHS are files or "
    "directories; by default every loaded scenario source.": {
        "fi": "Ilmoita jokainen skenaariotiedostojen virhe omalla rivillään muodossa POLKU:RIVI: "
              "viesti.\n\nPOLUT ovat tiedostoja tai kansioita; oletuksena kaikki ladatut "
              "skenaariolähteet.",
        "sv": "Rapportera varje fel i scenariofilerna, ett per rad som SÖKVÄG:RAD: "
              "meddelande.\n\nSÖKVÄGAR är filer eller mappar; som standard alla inlästa scenariokällor.",
    },
    "Report what would change; write nothing.": {
        "fi": "Kerro, mitä muuttuisi; älä kirjoita mitään.",
        "sv": "Rapportera vad som skulle ändras; skriv inget.",
    },
    "Return submitted visits to their evaluator for correction, with a reason (a team lead's database "
    "only); they count again once corrected and submitted.": {
        "fi": "Palauta valmiit käynnit arvioijalle korjattaviksi perustellen (vain tiiminvetäjän "
              "tietokannassa); ne lasketaan taas mukaan, kun ne on korjattu ja merkitty valmiiksi.",
        "sv": "Returnera klara besök till utvärderaren för rättelse, med en motivering (endast i "
              "teamledarens databas); de räknas igen när de har rättats och markerats som klara.",
    },
    "Rounds to compare (default: every round that has visits).": {
        "fi": "Verrattavat kierrokset (oletus: kaikki kierrokset, joilla on käyntejä).",
        "sv": "Omgångar att jämföra (standard: varje omgång som har besök).",
    },
    "Scores: count approved visits only.": {
        "fi": "Pisteet: laske vain hyväksytyt käynnit.",
        "sv": "Poäng: räkna bara godkända besök.",
    },
    "Send each evaluator to each library as often as in this round's plan, where possible: evaluator "
    "severity then cancels out of the change.": {
        "fi": "Lähetä kukin arvioija kuhunkin kirjastoon yhtä usein kuin tämän kierroksen "
              "suunnitelmassa, mikäli mahdollista: arvioijan ankaruus kumoutuu silloin muutoksesta.",
        "sv": "Skicka varje utvärderare till varje bibliotek lika ofta som i den här omgångens plan, där "
              "det går: utvärderarens stränghet tar då ut sig själv i förändringen.",
    },
    "Set it without asking (for scripts).": {
        "fi": "Aseta kysymättä (skripteille).",
        "sv": "Ange den utan att fråga (för skript).",
    },
    "Show the version and exit.": {
        "fi": "Näytä versio ja lopeta.",
        "sv": "Visa versionen och avsluta.",
    },
    "Show this message and exit.": {
        "fi": "Näytä tämä ohje ja lopeta.",
        "sv": "Visa den här hjälpen och avsluta.",
    },
    "Submit drafts, or visits returned for correction, for review; required questions must be answered.": {
        "fi": "Merkitse luonnokset tai korjattaviksi palautetut käynnit valmiiksi tarkastettaviksi; "
              "pakollisiin kysymyksiin on vastattava.",
        "sv": "Markera utkast, eller besök som returnerats för rättelse, som klara för granskning; "
              "obligatoriska frågor måste besvaras.",
    },
    "Take each principle's spread from this round's counted visits.": {
        "fi": "Ota kunkin periaatteen hajonta tämän kierroksen mukaan laskettavista käynneistä.",
        "sv": "Ta varje princips spridning från den här omgångens räknade besök.",
    },
    "Take these libraries off the evaluator's list.": {
        "fi": "Poista nämä kirjastot arvioijan listalta.",
        "sv": "Ta bort dessa bibliotek från utvärderarens lista.",
    },
    "The baseline round.": {
        "fi": "Lähtötason kierros.",
        "sv": "Baslinjeomgången.",
    },
    "The chance of seeing a true change.": {
        "fi": "Todennäköisyys havaita todellinen muutos.",
        "sv": "Chansen att se en verklig förändring.",
    },
    "The change between two rounds, with Welch intervals.": {
        "fi": "Muutos kahden kierroksen välillä Welchin luottamusväleineen.",
        "sv": "Förändringen mellan två omgångar, med Welch-intervall.",
    },
    "The day staff were told of the programme, its purpose and how results are used (YYYY-MM-DD).": {
        "fi": "Päivä, jona henkilökunnalle kerrottiin ohjelmasta, sen tarkoituksesta ja tulosten "
              "käytöstä (VVVV-KK-PP).",
        "sv": "Dagen då personalen fick veta om programmet, dess syfte och hur resultaten används "
              "(ÅÅÅÅ-MM-DD).",
    },
    "The evaluators' codes.": {
        "fi": "Arvioijien koodit.",
        "sv": "Utvärderarnas koder.",
    },
    "The libraries to visit.": {
        "fi": "Kirjastot, joissa käydään.",
        "sv": "Biblioteken som ska besökas.",
    },
    "The municipality the library serves.": {
        "fi": "Kunta, jota kirjasto palvelee.",
        "sv": "Kommunen som biblioteket betjänar.",
    },
    "The pilot's goals, indicators and next steps (Markdown text); kept in the database for later "
    "reports of the same rounds.": {
        "fi": "Pilotin tavoitteet, mittarit ja jatkotoimet (Markdown-teksti); tallennetaan tietokantaan "
              "samojen kierrosten myöhempiä raportteja varten.",
        "sv": "Pilotens mål, indikatorer och nästa steg (Markdown-text); sparas i databasen för senare "
              "rapporter om samma omgångar.",
    },
    "The provenance line's time as given (for identical reports).": {
        "fi": "Alkuperätietorivin aika sellaisenaan (täsmälleen samanlaisia raportteja varten).",
        "sv": "Ursprungsradens tid som den anges (för identiska rapporter).",
    },
    "The report's language (default: the app's).": {
        "fi": "Raportin kieli (oletus: sovelluksen kieli).",
        "sv": "Rapportens språk (standard: appens).",
    },
    "The round after the pilot.": {
        "fi": "Pilotin jälkeinen kierros.",
        "sv": "Omgången efter piloten.",
    },
    "The scenarios to use, balanced within each library.": {
        "fi": "Käytettävät skenaariot, tasapainotettuina kunkin kirjaston sisällä.",
        "sv": "Scenarierna som används, balanserade inom varje bibliotek.",
    },
    "The service pilot the round evaluates.": {
        "fi": "Palvelupilotti, jota kierros arvioi.",
        "sv": "Servicepiloten som omgången utvärderar.",
    },
    "The smallest change in score points a round pair can detect (a two-sided Welch test).": {
        "fi": "Pienin pistemuutos, jonka kierrospari voi havaita (kaksisuuntainen Welchin testi).",
        "sv": "Den minsta förändring i poäng som ett par omgångar kan upptäcka (ett tvåsidigt Welch-test).",
    },
    "The spread of visit scores to plan with, in score points.": {
        "fi": "Käyntien pisteiden hajonta suunnittelun pohjaksi, pisteinä.",
        "sv": "Spridningen i besökens poäng att planera med, i poäng.",
    },
    "The spread to show the plan's smallest detectable change with (default: the one seen in the latest "
    "round with visits).": {
        "fi": "Hajonta, jolla suunnitelman pienin havaittava muutos näytetään (oletus: viimeisimmän "
              "käyntejä sisältävän kierroksen hajonta).",
        "sv": "Spridningen som planens minsta upptäckbara förändring visas med (standard: den som sågs i "
              "den senaste omgången med besök).",
    },
    "The two-sided level of the Welch test.": {
        "fi": "Kaksisuuntaisen Welchin testin merkitsevyystaso.",
        "sv": "Welch-testets tvåsidiga signifikansnivå.",
    },
    "Undo the decision on approved, rejected or returned visits: they are submitted again (a team lead's "
    "database only).": {
        "fi": "Kumoa päätös hyväksytyistä, hylätyistä tai palautetuista käynneistä: ne ovat taas "
              "valmiita (vain tiiminvetäjän tietokannassa).",
        "sv": "Ångra beslutet om godkända, avvisade eller returnerade besök: de blir klara igen (endast "
              "i teamledarens databas).",
    },
    "Visits per library per round to show the smallest detectable change for.": {
        "fi": "Käyntejä kirjastoa ja kierrosta kohden, joille pienin havaittava muutos näytetään.",
        "sv": "Besök per bibliotek och omgång att visa den minsta upptäckbara förändringen för.",
    },
    "What the rows are.": {
        "fi": "Mitä rivit ovat.",
        "sv": "Vad raderna är.",
    },
    "What to correct: the evaluator sees it on their start screen after a merge.": {
        "fi": "Mitä korjataan: arvioija näkee sen aloitusnäkymässään yhdistämisen jälkeen.",
        "sv": "Vad som ska rättas: utvärderaren ser det på sin startskärm efter en sammanslagning.",
    },
    "Where to write; - for standard output.": {
        "fi": "Mihin kirjoitetaan; - tarkoittaa vakiotulostetta.",
        "sv": "Vart det skrivs; - för standard ut.",
    },
    "Why the decision is undone, kept in the review log.": {
        "fi": "Miksi päätös kumotaan; tallennetaan tarkastushistoriaan.",
        "sv": "Varför beslutet ångras; sparas i granskningshistoriken.",
    },
    "Why the round is evaluated and how its results will be used.": {
        "fi": "Miksi kierros arvioidaan ja miten sen tuloksia käytetään.",
        "sv": "Varför omgången utvärderas och hur dess resultat kommer att användas.",
    },
    "Why: kept in the review log, and the evaluator sees it.": {
        "fi": "Syy: tallennetaan tarkastushistoriaan, ja arvioija näkee sen.",
        "sv": "Varför: sparas i granskningshistoriken, och utvärderaren ser det.",
    },
    "With --change: also judge each change after Holm's or Benjamini-Hochberg's adjustment for the many "
    "changes shown (JSON: clear_adjusted).": {
        "fi": "Valitsimen --change kanssa: arvioi kukin muutos myös Holmin tai Benjamini–Hochbergin "
              "monivertailukorjauksen jälkeen (JSON: clear_adjusted).",
        "sv": "Med --change: bedöm också varje förändring efter Holms eller Benjamini–Hochbergs "
              "korrektion för de många förändringar som visas (JSON: clear_adjusted).",
    },
}
