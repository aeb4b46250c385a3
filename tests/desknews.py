"""A small day of news for the desk tests: eight short wire stories, each about one place
and one theme, written for these tests. Syria's stories name Aleppo, Damascus and Idlib
(not always "Syria"); one sports story names Damascus; one economy story names the Assad
government only in its third sentence; one names Hayat Tahrir al-Sham by its acronym."""

from __future__ import annotations

from pathlib import Path

DAY = "2025-03-28"

ARTICLES = {
    "aleppo-strikes": (
        "Airstrikes hit rebel positions near Aleppo", "Wire", f"{DAY}T06:00:00Z",
        "Government warplanes carried out airstrikes on rebel positions near Aleppo on Friday, "
        "killing at least twelve fighters, a monitoring group said. Artillery shelling continued "
        "overnight along the front line north of the city. The army said its forces had "
        "repelled an attack on a military checkpoint and destroyed two armoured vehicles."),
    "damascus-talks": (
        "Foreign minister meets UN envoy in Damascus", "Wire", f"{DAY}T07:00:00Z",
        "Syria's foreign minister met the United Nations special envoy in Damascus on Friday to "
        "discuss a political transition and the return of refugees. The two sides agreed to "
        "resume negotiations in Geneva next month, according to a joint statement. Diplomats "
        "said the talks were the first high-level meeting since the ceasefire agreement was "
        "signed."),
    "baghdad-budget": (
        "Iraq's parliament passes the budget after months of delay", "Wire", f"{DAY}T08:00:00Z",
        "Iraq's parliament passed the federal budget on Friday after months of political "
        "deadlock between the ruling coalition and Kurdish parties. Lawmakers voted 180 to 60 "
        "in favour of the bill, which the prime minister's government had sent to parliament "
        "in January. The opposition said it would challenge the vote in the federal court."),
    "idlib-aid": (
        "Aid convoy reaches displaced families in Idlib", "Aid agency", f"{DAY}T09:00:00Z",
        "A United Nations aid convoy carrying food, medicine and tents reached displaced "
        "families in Idlib on Friday, the World Food Programme said. More than two million "
        "people in the province depend on humanitarian assistance, and many live in "
        "overcrowded camps. Aid workers warned that a cholera outbreak could spread quickly "
        "without clean water."),
    "football-cup": (
        "Damascus club wins the national football cup", "Sports desk", f"{DAY}T10:00:00Z",
        "Al-Wahda of Damascus won the national football cup on Friday, beating Tishreen two "
        "goals to one in the final. The winning goal came in the last minute of extra time, "
        "and thousands of fans celebrated in the streets of the capital. The club's coach said "
        "the victory was dedicated to the supporters who had waited ten years for a trophy."),
    "lebanon-currency": (
        "Lebanese pound slides as central bank raises rates", "Markets", f"{DAY}T11:00:00Z",
        "The Lebanese pound fell to a record low against the dollar on Friday after the central "
        "bank raised its main interest rate by two points. Inflation reached 45 percent in "
        "February, and banks have limited withdrawals of foreign currency. Traders said import "
        "costs had risen since the fall of the Assad government disrupted trade routes across "
        "the border. The finance ministry said it expected growth to resume next year."),
    "kyiv-drones": (
        "Drones strike energy sites near Kyiv", "Wire", f"{DAY}T12:00:00Z",
        "Russian drones struck energy infrastructure near Kyiv overnight, the Ukrainian air "
        "force said, and air defence units shot down most of them. The military said 40 drones "
        "and three missiles had been launched in the attack. Power cuts were reported in "
        "several districts of the capital."),
    "geneva-hts": (
        "Envoys meet HTS leaders on the transition", "Wire", f"{DAY}T13:00:00Z",
        "Western envoys met leaders of HTS in Geneva on Friday to discuss the political "
        "transition and the protection of minorities. The diplomats urged the group to include "
        "all communities in the new government, a spokesman for the foreign ministry said. "
        "Talks are expected to continue next week."),
}

# Three desks over that day, as an embassy might set them up.
DESKS = '''
[[desks]]
id = "defence"
title = "Defence attaché"
themes = ["military", "humanitarian"]
places = ["Syria"]
marking = "RESTRICTED: DEFENCE SECTION"
accent_colour = "darkgreen"

[[desks]]
id = "political"
title = "Political officer"
themes = ["diplomacy", "politics"]
places = ["Middle East"]
watch = ["Hayat Tahrir al-Sham"]
exclude = ["football"]

[[desks]]
id = "economy"
title = "Economic section"
themes = ["economy"]
watch = ["Assad"]
'''


def write_news(folder: Path, day: str = DAY) -> Path:
    """The articles as Markdown files with front matter, dated `day`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, source, published, text) in ARTICLES.items():
        published = published.replace(DAY, day)
        (folder / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\nsource: "{source}"\npublished: "{published}"\n---\n\n'
            f"{text}\n", encoding="utf-8")
    return folder
