"""Word lists for realistic synthetic data: German and Japanese names with their accents.

The accents matter: name search must find "Müller" for "muller" and "Kōno" for "Kono", so
the synthetic data is full of umlauts, ß, macrons and the odd Polish or Turkish letter.
"""

GERMAN_FAMILY_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
    "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann",
    "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid",
    "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
    "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung",
    "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger",
    "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster",
    "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer",
    "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich",
    "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn",
    "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Voigt", "Sauer",
    "Arnold", "Wolff", "Pfeiffer", "Große", "Dörr", "Eßer", "Gärtner", "Öztürk",
    "Yılmaz", "Nowak", "Kowalski", "Łukasiewicz", "Bücker", "Thüringer", "Süßmuth", "Ohnesorg",
]  # fmt: skip

GERMAN_GIVEN_NAMES = [
    "Anna", "Lena", "Jürgen", "Jörg", "Björn", "Sören", "Günter", "Hans-Jürgen", "Käthe",
    "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Sabine", "Petra",
    "Monika", "Claudia", "Ursula", "Birgit", "Renée", "Zoë", "Maximilian", "Lukas", "Jonas",
    "Leonie", "Sophie", "Marie", "Felix", "Paul", "Uwe", "Dörte", "Anke", "Heike", "Ralf",
    "Klaus", "Frank", "Wolfgang", "Dieter", "Manfred", "Gerd", "Hannelore", "Thorsten",
    "Katrin", "Ömer", "Ayşe", "Agnieszka", "Małgorzata", "Jan", "Tim", "Julia", "Miriam",
]  # fmt: skip

JAPANESE_FAMILY_NAMES = [
    "Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura",
    "Kobayashi", "Katō", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue",
    "Kimura", "Hayashi", "Saitō", "Shimizu", "Yamazaki", "Mori", "Abe", "Ikeda", "Hashimoto",
    "Ishikawa", "Ogawa", "Gotō", "Okada", "Hasegawa", "Fujita", "Kondō", "Murakami", "Endō",
    "Aoki", "Sakamoto", "Fukuda", "Ōta", "Nishimura", "Fujii", "Kōno", "Ōno", "Ōkubo",
    "Ōshima", "Kudō", "Shōji", "Yūki", "Jōno", "Hōjō", "Sugimoto", "Noguchi", "Ōtsuka",
]  # fmt: skip

JAPANESE_GIVEN_NAMES = [
    "Hiroshi", "Takeshi", "Yūki", "Shōhei", "Kōji", "Ryōta", "Yūta", "Kenta", "Daisuke",
    "Shun", "Haruto", "Sōta", "Yūto", "Ren", "Aoi", "Yui", "Hina", "Sakura", "Yōko", "Keiko",
    "Kyōko", "Junko", "Mayumi", "Emi", "Akiko", "Naoko", "Tomoko", "Shinji", "Masahiro",
    "Tetsuya", "Ichirō", "Jirō", "Yūko", "Kōhei", "Shōta", "Rie",
]  # fmt: skip

HONORIFICS = ["", "", "", "", "", "", "Dr.", "Dr.", "Prof. Dr.", "Prof.", "Dr.-Ing.", "Dipl.-Ing."]

# (city, country, state/prefecture, other Latin spelling or None, name in Japanese or None)
CITIES = [
    ("Essen", "DE", "Nordrhein-Westfalen", None, None),
    ("Düsseldorf", "DE", "Nordrhein-Westfalen", "Duesseldorf", None),
    ("Köln", "DE", "Nordrhein-Westfalen", "Cologne", None),
    ("Mülheim an der Ruhr", "DE", "Nordrhein-Westfalen", "Muelheim an der Ruhr", None),
    ("Gelsenkirchen", "DE", "Nordrhein-Westfalen", None, None),
    ("Dortmund", "DE", "Nordrhein-Westfalen", None, None),
    ("Bochum", "DE", "Nordrhein-Westfalen", None, None),
    ("Duisburg", "DE", "Nordrhein-Westfalen", None, None),
    ("Münster", "DE", "Nordrhein-Westfalen", "Muenster", None),
    ("Paderborn", "DE", "Nordrhein-Westfalen", None, None),
    ("München", "DE", "Bayern", "Munich", None),
    ("Nürnberg", "DE", "Bayern", "Nuremberg", None),
    ("Würzburg", "DE", "Bayern", "Wuerzburg", None),
    ("Fürth", "DE", "Bayern", "Fuerth", None),
    ("Regensburg", "DE", "Bayern", None, None),
    ("Braunschweig", "DE", "Niedersachsen", "Brunswick", None),
    ("Osnabrück", "DE", "Niedersachsen", "Osnabrueck", None),
    ("Hannover", "DE", "Niedersachsen", "Hanover", None),
    ("Lübeck", "DE", "Schleswig-Holstein", "Luebeck", None),
    ("Görlitz", "DE", "Sachsen", "Goerlitz", None),
    ("Dresden", "DE", "Sachsen", None, None),
    ("Leipzig", "DE", "Sachsen", None, None),
    ("Gießen", "DE", "Hessen", "Giessen", None),
    ("Frankfurt am Main", "DE", "Hessen", "Frankfurt", None),
    ("Tübingen", "DE", "Baden-Württemberg", "Tuebingen", None),
    ("Stuttgart", "DE", "Baden-Württemberg", None, None),
    ("Böblingen", "DE", "Baden-Württemberg", "Boeblingen", None),
    ("Saarbrücken", "DE", "Saarland", "Saarbruecken", None),
    ("Hamburg", "DE", "Hamburg", None, None),
    ("Bremen", "DE", "Bremen", None, None),
    ("Kōriyama", "JP", "Fukushima", "Koriyama", "郡山市"),
    ("Fukushima", "JP", "Fukushima", None, "福島市"),
    ("Tōkyō", "JP", "Tōkyō", "Tokyo", "東京"),
    ("Ōsaka", "JP", "Ōsaka", "Osaka", "大阪市"),
    ("Kyōto", "JP", "Kyōto", "Kyoto", "京都市"),
    ("Kōbe", "JP", "Hyōgo", "Kobe", "神戸市"),
    ("Sendai", "JP", "Miyagi", None, "仙台市"),
    ("Hamamatsu", "JP", "Shizuoka", None, "浜松市"),
    ("Niigata", "JP", "Niigata", None, "新潟市"),
    ("Nagoya", "JP", "Aichi", None, "名古屋市"),
    ("Yokohama", "JP", "Kanagawa", None, "横浜市"),
    ("Sapporo", "JP", "Hokkaidō", None, "札幌市"),
    ("Fukuoka", "JP", "Fukuoka", None, "福岡市"),
    ("Hiroshima", "JP", "Hiroshima", None, "広島市"),
    ("Kitakyūshū", "JP", "Fukuoka", "Kitakyushu", "北九州市"),
    ("Ōita", "JP", "Ōita", "Oita", "大分市"),
    ("Kōfu", "JP", "Yamanashi", "Kofu", "甲府市"),
    ("Toyota", "JP", "Aichi", None, "豊田市"),
    ("Łódź", "PL", "Łódź", "Lodz", None),
    ("Kraków", "PL", "Małopolska", "Krakow", None),
    ("İzmir", "TR", "İzmir", "Izmir", None),
    ("Zürich", "CH", "Zürich", "Zurich", None),
    ("Wien", "AT", "Wien", "Vienna", None),
    ("Graz", "AT", "Steiermark", None, None),
    ("Besançon", "FR", "Bourgogne-Franche-Comté", "Besancon", None),
    ("Pittsburgh", "US", "Pennsylvania", None, None),
    ("Toronto", "CA", "Ontario", None, None),
    ("Wuhan", "CN", "Hubei", None, None),
    ("Daejeon", "KR", "Daejeon", None, None),
    ("Eindhoven", "NL", "Noord-Brabant", None, None),
]  # fmt: skip

# (name, slug)
TOPICS = [
    ("Erneuerbare Energien", "erneuerbare-energien"), ("Wasserstoff", "wasserstoff"),
    ("Umwelttechnik", "umwelttechnik"), ("Medizintechnik", "medizintechnik"),
    ("Gesundheitswirtschaft", "gesundheitswirtschaft"), ("Pflege", "pflege"),
    ("Bildung und Fachkräfte", "bildung-und-fachkraefte"), ("Weiterbildung", "weiterbildung"),
    ("Oberflächentechnik", "oberflaechentechnik"), ("Robotik", "robotik"),
    ("Künstliche Intelligenz", "kuenstliche-intelligenz"), ("Mobilität", "mobilitaet"),
    ("Logistik", "logistik"), ("Kreislaufwirtschaft", "kreislaufwirtschaft"),
    ("Stadtentwicklung", "stadtentwicklung"), ("Kultur", "kultur"), ("Sport", "sport"),
    ("Tourismus", "tourismus"), ("Start-ups", "start-ups"), ("Halbleiter", "halbleiter"),
    ("Chemie", "chemie"), ("Stahl und Werkstoffe", "stahl-und-werkstoffe"),
    ("Digitalisierung", "digitalisierung"), ("Smart City", "smart-city"),
    ("Wassermanagement", "wassermanagement"), ("Lebensmittel", "lebensmittel"),
    ("Katastrophenschutz", "katastrophenschutz"), ("Raumfahrt", "raumfahrt"),
    ("Textil", "textil"), ("Design", "design"),
]  # fmt: skip

GERMAN_BRANCHES = [
    "Maschinenbau", "Medizintechnik", "Oberflächentechnik", "Energietechnik", "Logistik",
    "Elektronik", "Anlagenbau", "Umwelttechnik", "Software", "Werkzeugbau", "Präzisionsteile",
    "Kunststofftechnik", "Beschichtungen", "Wärmepumpen", "Solartechnik", "Robotersysteme",
    "Lebensmittel", "Textilveredelung", "Galvanik", "Stahlbau",
]  # fmt: skip
GERMAN_LEGAL_FORMS = ["GmbH", "AG", "GmbH & Co. KG", "KG", "SE"]
JAPANESE_BRANCHES = [
    "Seisakusho", "Denki", "Kōgyō", "Shōji", "Kikai", "Kagaku", "Seimitsu", "Giken",
    "Tekkō", "Iryō Kiki",
]  # fmt: skip
JAPANESE_LEGAL_FORMS = ["K.K.", "Co., Ltd.", "Corporation"]
STARTUP_WORDS = [
    "Quantum", "Blau", "Grün", "Nord", "Hydro", "Kiri", "Sora", "Umi", "Flux", "Zukunft",
    "Kōsei", "Werk", "Bit", "Cell", "Ion", "Lumen",
]  # fmt: skip
RESEARCH_FIELDS = [
    "Werkstoff- und Strahltechnik", "Lasertechnik", "Produktionstechnologie",
    "Solare Energiesysteme", "Keramische Technologien", "Biomedizinische Technik",
    "Umwelt-, Sicherheits- und Energietechnik", "Fertigungstechnik", "Kohlenforschung",
    "Eisenforschung", "Polymerforschung", "Künstliche Intelligenz", "Wasserstofftechnologien",
]  # fmt: skip
RESEARCH_SOCIETIES = [
    ("Fraunhofer-Gesellschaft", "Fraunhofer", "Fraunhofer-Institut für", "DE"),
    ("Max-Planck-Gesellschaft", "MPG", "Max-Planck-Institut für", "DE"),
    ("Leibniz-Gemeinschaft", "Leibniz", "Leibniz-Institut für", "DE"),
    ("National Institute of Advanced Industrial Science and Technology", "AIST",
     "AIST-Forschungszentrum für", "JP"),
    ("RIKEN", "RIKEN", "RIKEN-Zentrum für", "JP"),
]  # fmt: skip
FACULTIES = [
    "Medizinische Fakultät", "Fakultät für Maschinenbau", "Fakultät für Chemie",
    "Fakultät für Informatik", "Wirtschaftswissenschaftliche Fakultät",
    "Fakultät für Elektrotechnik", "Graduate School of Engineering",
]  # fmt: skip

# Role titles by organisation kind, and the senior role (people who travel and sign).
ROLE_TITLES = {
    "city": ["Referent/in für Internationales", "Amtsleiter/in", "Sachbearbeiter/in",
             "Beigeordnete/r", "Büroleiter/in des Oberbürgermeisters"],
    "region": ["Referatsleiter/in", "Abteilungsleiter/in", "Regierungsdirektor/in"],
    "company": ["Geschäftsführer/in", "Vertriebsleiter/in", "Leiter/in Entwicklung",
                "Projektingenieur/in", "Prokurist/in", "General Manager",
                "Kachō (Abteilungsleiter/in)"],
    "startup": ["Gründer/in", "CTO", "CEO", "Business Developer"],
    "university": ["Professor/in", "Dekan/in", "Wissenschaftliche/r Mitarbeiter/in",
                   "Leiter/in International Office", "Präsident/in"],
    "research": ["Institutsleiter/in", "Gruppenleiter/in", "Wissenschaftler/in"],
    "hospital": ["Chefarzt/Chefärztin", "Pflegedirektor/in", "Ärztliche/r Direktor/in"],
    "chamber": ["Hauptgeschäftsführer/in", "Leiter/in Außenwirtschaft", "Präsident/in",
                "Referent/in Japan"],
    "econdev": ["Geschäftsführer/in", "Projektmanager/in Asien", "Leiter/in Standortmarketing"],
    "government": ["Minister/in", "Staatssekretär/in", "Referatsleiter/in", "Direktor/in"],
    "embassy": ["Generalkonsul/in", "Konsul/in", "Handelsattaché"],
    "association": ["Vorsitzende/r", "Geschäftsführer/in", "Vorstandsmitglied"],
    "union": ["Vorsitzende/r", "Sekretär/in"],
    "project": ["Projektleiter/in", "Koordinator/in"],
    "tradefair": ["Geschäftsführer/in", "Projektleiter/in"],
    "school": ["Schulleiter/in", "Lehrer/in"],
    "other": ["Mitarbeiter/in"],
}  # fmt: skip
SENIOR_ROLES = {
    "city": "Oberbürgermeister/in", "region": "Gouverneur/in", "chamber": "Präsident/in",
    "government": "Minister/in", "university": "Präsident/in", "econdev": "Geschäftsführer/in",
    "embassy": "Generalkonsul/in", "research": "Institutsleiter/in",
    "company": "Vorstandsvorsitzende/r",
}  # fmt: skip

EVENT_TITLES = {
    "network": ["Netzwerkabend {topic}", "Japan-Stammtisch {city}", "Neujahrsempfang {city}"],
    "conference": ["Fachkonferenz {topic}", "{topic}-Forum {city}", "Messeauftritt {topic}"],
    "visit": ["Besuch bei {org}", "Standortbesuch {org}", "Werksbesichtigung {org}"],
    "signing": ["Unterzeichnung: {agreement}"],
    "workshop": ["Workshop {topic}", "Matchmaking {topic}", "Expertenrunde {topic}"],
    "presentation": ["Präsentation {org}", "Vortrag {topic}"],
    "roundtable": ["Runder Tisch {topic}", "Stammtisch {city}"],
    "kickoff": ["Auftaktveranstaltung {topic}", "Kick-off IUC-Projekt {topic}"],
    "meeting": ["Gespräch mit {org}", "Arbeitstreffen {topic}", "Empfang im Rathaus {city}"],
    "exchange": ["Austausch {topic}", "Praktikumsprogramm {topic}"],
    "other": ["Termin {city}"],
}  # fmt: skip
