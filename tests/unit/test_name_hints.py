"""Issue 20: notes and comments that seem to name or describe a person are warned about.

The cases are read as a person would: a staff member's surname or first name, a
name tag, are warned about; the library, its town in any Finnish case, the
scenario's words, weekdays and sentence starts are not.
"""

from __future__ import annotations

import pytest

from pilotkit.core.privacy import names_a_person, personal_data_in

KNOWN = ["FI-Lohja", "Lohjan kaupunginkirjasto", "Lohja", "Vihti", "Puolesta asiointi"]


@pytest.mark.parametrize("text", [
    "Virkailija Mattila oli ystävällinen.",
    "Asiakaspalvelija nimeltä hanna auttoi",             # the cue word, whatever the case
    "Henkilökunnan nimikyltissä luki etunimi",
    "The librarian, named in the badge, was kind",
    "Tiskillä oli Pekka, joka neuvoi",
    "Han som heter något hjälpte mig",
    "Nainen tiskillä, n. 50v, silmälasit, ei tervehtinyt",   # a description, no name
    "The woman at the desk had grey hair",
])
def test_a_name_or_a_description_is_warned_about(text: str) -> None:
    assert names_a_person(text, KNOWN)
    assert personal_data_in(text, KNOWN)[-1] == "name"


@pytest.mark.parametrize("text", [
    "Kävin Lohjalla aamulla. Palvelu oli hyvää.",        # the town, inflected
    "Lohjan kaupunginkirjastossa jonotin.",
    "Vihdin kirjastossa ei ollut jonoa",                  # Vihti → Vihdin
    "The desk was closed on Monday",
    "Hyvä. Kiitos!",
    "Ohjattiin Helmet-verkkoon",
    "Puolesta asiointi sujui: valtakirja riitti",
    "ISIL-tunnus FI-Lohja näkyi",
    "Jonotin 5 min, lainasin 3 kirjaa",
])
def test_places_scenario_words_and_sentence_starts_are_not(text: str) -> None:
    assert not names_a_person(text, KNOWN)


def test_names_are_looked_for_only_when_the_context_is_known() -> None:
    # without the visit's words every capitalised town would look like a name: not asked
    assert personal_data_in("Virkailija Mattila") == []
    assert personal_data_in("Virkailija Mattila", KNOWN) == ["name"]
