"""Demo data drawn from the seeds: two council news items about Infant Mental Health Awareness Week.

Facts from the seeds are stated as they are. Anything the seeds do not say (street addresses,
postcodes, other hubs' timetables, who runs a session) is marked `illustrative` in the data
itself, and pages show it as such.
"""

from datetime import date, time, timedelta

ILLUSTRATIVE_NOTE = "Illustrative demo data: not from a real source."

ORGANIZATIONS = [
    {
        "key": "thurrock-council",
        "name": "Thurrock Council",
        "description": "The local council for Thurrock, in Essex. It runs Thurrock's Family Hubs.",
        "website": "https://www.thurrock.gov.uk",
    },
    {
        "key": "eput",
        "name": "Essex Partnership University NHS Foundation Trust",
        "alternate_name": "EPUT",
        "description": (
            "NHS trust providing mental health and community services in Essex, including "
            "Together with Baby, the Essex Parent Infant Mental Health Service."
        ),
        "website": "https://eput.nhs.uk",
    },
    {
        "key": "north-lincolnshire-council",
        "name": "North Lincolnshire Council",
        "description": "The local council for North Lincolnshire. It runs the area's children's centres.",
        "website": "https://www.northlincs.gov.uk",
    },
    {
        "key": "rdash",
        "name": "Rotherham Doncaster and South Humber NHS Foundation Trust",
        "alternate_name": "RDaSH",
        "description": (
            "NHS trust whose health visitors work with North Lincolnshire families to provide "
            "information, assessments and interventions during the early years."
        ),
        "website": "https://www.rdash.nhs.uk",
    },
    {
        "key": "nlag",
        "name": "Northern Lincolnshire and Goole NHS Foundation Trust",
        "description": "NHS hospital trust for northern Lincolnshire and Goole, including maternity care.",
        "website": "https://www.nlg.nhs.uk",
    },
    {
        "key": "nl-ccg",
        "name": "NHS North Lincolnshire CCG",
        "alternate_name": "North Lincolnshire Clinical Commissioning Group",
        "description": (
            "The clinical commissioning group for North Lincolnshire, a partner in Infant Mental "
            "Health Awareness Week 2018. (CCGs were replaced by integrated care boards in 2022.)"
        ),
    },
]

# Venue features ("accessibility") use the words of directory.filters.ACCESS_FEATURES; the seeds
# say nothing about them, so every one is illustrative.
# The seeds name Tilbury and Ockendon Family Hubs but not where they are: their addresses,
# postcodes and map points are illustrative (the Address rows say so); the other hubs are wholly illustrative.
LOCATIONS = [
    {
        "key": "tilbury-family-hub",
        "name": "Tilbury Family Hub",
        "slug": "tilbury",
        "organization": "thurrock-council",
        "is_family_hub": True,
        "illustrative": False,
        "description": "Family Hub in Tilbury. Hosts the weekly 'Time for you and baby too' group.",
        "address": ("1 Civic Square (illustrative address)", "Tilbury", "Essex", "RM18 7AA"),
        "latitude": 51.4625,
        "longitude": 0.3585,
        "transportation": "Illustrative: a short walk from Tilbury Town station; buses stop outside.",
        "accessibility": [
            "Step-free access",
            "Accessible toilet",
            "Baby changing",
            "Buggy parking",
        ],
    },
    {
        "key": "ockendon-family-hub",
        "name": "Ockendon Family Hub",
        "slug": "ockendon",
        "organization": "thurrock-council",
        "is_family_hub": True,
        "illustrative": False,
        "description": "Family Hub in South Ockendon. Hosted the Infant Mental Health Week event on 9 June 2025.",
        "address": (
            "2 Derwent Parade (illustrative address)",
            "South Ockendon",
            "Essex",
            "RM15 5EE",
        ),
        "latitude": 51.5203,
        "longitude": 0.2925,
        "transportation": "Illustrative: near Ockendon station.",
        "accessibility": ["Step-free access", "Buggy parking"],
    },
    {
        "key": "grays-family-hub",
        "name": "Grays Family Hub",
        "slug": "grays",
        "organization": "thurrock-council",
        "is_family_hub": True,
        "illustrative": True,
        "description": "Illustrative: one of the further Thurrock Family Hubs.",
        "address": ("3 High Street (illustrative address)", "Grays", "Essex", "RM17 6XX"),
        "latitude": 51.4772,
        "longitude": 0.3245,
        "transportation": "Illustrative: near Grays station and bus station.",
        "accessibility": ["Step-free access", "Hearing loop"],
    },
    {
        "key": "stanford-family-hub",
        "name": "Stanford-le-Hope Family Hub",
        "slug": "stanford-le-hope",
        "organization": "thurrock-council",
        "is_family_hub": True,
        "illustrative": True,
        "description": "Illustrative: one of the further Thurrock Family Hubs.",
        "address": (
            "4 King Street (illustrative address)",
            "Stanford-le-Hope",
            "Essex",
            "SS17 0HL",
        ),
        "latitude": 51.5220,
        "longitude": 0.4350,
        "transportation": "Illustrative: near Stanford-le-Hope station.",
        "accessibility": ["Step-free access"],
    },
    {
        "key": "scunthorpe-childrens-centre",
        "name": "Scunthorpe Central Children's Centre",
        "slug": "scunthorpe-central",
        "organization": "north-lincolnshire-council",
        "is_family_hub": True,
        "illustrative": True,
        "description": "Illustrative: a North Lincolnshire children's centre.",
        "address": (
            "5 Church Square (illustrative address)",
            "Scunthorpe",
            "North Lincolnshire",
            "DN15 6TB",
        ),
        "latitude": 53.5895,
        "longitude": -0.6545,
        "transportation": "Illustrative: near Scunthorpe bus station.",
        "accessibility": ["Step-free access", "Accessible toilet", "Parking"],
    },
    {
        "key": "brigg-childrens-centre",
        "name": "Brigg Children's Centre",
        "slug": "brigg",
        "organization": "north-lincolnshire-council",
        "is_family_hub": True,
        "illustrative": True,
        "description": "Illustrative: a North Lincolnshire children's centre.",
        "address": (
            "6 Bigby Street (illustrative address)",
            "Brigg",
            "North Lincolnshire",
            "DN20 8EF",
        ),
        "latitude": 53.5520,
        "longitude": -0.4930,
        "transportation": "Illustrative: buses from Scunthorpe stop nearby.",
        "accessibility": ["Baby changing"],
    },
    {
        "key": "barton-childrens-centre",
        "name": "Barton Children's Centre",
        "slug": "barton",
        "organization": "north-lincolnshire-council",
        "is_family_hub": True,
        "illustrative": True,
        "description": "Illustrative: a North Lincolnshire children's centre.",
        "address": (
            "7 Market Lane (illustrative address)",
            "Barton-upon-Humber",
            "North Lincolnshire",
            "DN18 5DD",
        ),
        "latitude": 53.6835,
        "longitude": -0.4415,
        "transportation": "Illustrative: near Barton-upon-Humber station.",
        "accessibility": ["Step-free access"],
    },
]

# Additional needs (SEND): a small vocabulary of our own (ORUK's service types have no SEND
# terms); which demo services support them is illustrative.
SEND_TERMS = [
    ("send-speech-language", "Speech, language and communication"),
    ("send-physical-sensory", "Physical or sensory needs (hearing, sight)"),
    ("send-autism", "Autism and social communication"),
    ("send-emotional", "Social, emotional and mental health"),
]
SEND_SUPPORT = {
    "health-visiting-north-lincolnshire": ["send-speech-language", "send-physical-sensory"],
    "together-with-baby": ["send-emotional"],
}
# Every demo service is delivered in English (plain sense); NHS services can book interpreters,
# as NHS England's interpreting guidance expects (what each offers is illustrative).
NHS_INTERPRETERS = (
    "Interpreters, including British Sign Language, can be booked for appointments (illustrative)."
)

TAXONOMY = {
    "key": "family-hubs-topics",
    "name": "Family Hubs topics",
    "description": "Topics parents use to find support from pregnancy to age two and beyond.",
    "terms": [
        (
            "support-for-families",
            "Support for families",
            "All support for parents and carers.",
            None,
        ),
        (
            "infant-mental-health",
            "Infant mental health",
            "Babies' emotional wellbeing and early relationships.",
            "support-for-families",
        ),
        (
            "parent-groups",
            "Parent groups",
            "Groups where parents meet and get support.",
            "support-for-families",
        ),
        (
            "play-and-learning",
            "Play and learning",
            "Play sessions that build social and language skills.",
            "support-for-families",
        ),
        (
            "reading",
            "Reading and storytime",
            "Stories, rhymes and books from birth.",
            "play-and-learning",
        ),
        (
            "pregnancy",
            "Pregnancy and birth",
            "Support before and around the birth.",
            "support-for-families",
        ),
        (
            "health-visiting",
            "Health visiting",
            "Health visitors' advice, checks and support.",
            "support-for-families",
        ),
        (
            "feeding",
            "Feeding and close relationships",
            "Baby Friendly support with feeding and bonding.",
            "health-visiting",
        ),
    ],
}

# Each schedule: (location key, byday, opens, closes, times illustrative?). An ordinal day such
# as 1TH (the first Thursday) makes a monthly schedule; plain days are weekly.
SERVICES = [
    {
        "key": "time-for-you-and-baby-too",
        "name": "Time for you and baby too",
        "organization": "thurrock-council",
        "description": (
            "A weekly support group for expectant parents and parents with children up to the age "
            "of two. Early years and infant support, hosted by Tilbury Family Hub."
        ),
        "for_expectant_parents": True,
        "minimum_age": 0,
        "maximum_age": 2,
        "eligibility_description": "Expectant parents, and parents with children up to the age of two years old.",
        "join_method": "drop_in",
        "application_process": (
            "No registration is required: just come along. To find out more, contact Tilbury Family Hub."
        ),
        "free": True,
        "topics": ["infant-mental-health", "parent-groups"],
        "schedules": [("tilbury-family-hub", "FR", time(10), time(11), False)],
        "schedule_description": "Every Friday, 10am to 11am.",
        "illustrative": False,
    },
    {
        "key": "together-with-baby",
        "name": "Together with Baby",
        "alternate_name": "Essex Parent Infant Mental Health Service",
        "organization": "eput",
        "description": (
            "Together with Baby is the Essex Parent Infant Mental Health Service. It is designed to "
            "help parents better understand their baby's emotional responses, and how to strengthen "
            "the relationship with their child."
        ),
        "for_expectant_parents": True,
        "minimum_age": 0,
        "maximum_age": 2,
        "eligibility_description": (
            "Parents and their babies in Essex. The age range shown is illustrative: the source does not give one."
        ),
        "join_method": "referral",
        "application_process": (
            "Talk to your midwife, who can refer you, or ask at the weekly 'Time for you and baby "
            "too' group at Tilbury Family Hub."
        ),
        "free": True,
        "topics": ["infant-mental-health"],
        "schedules": [],
        "locations": ["tilbury-family-hub", "ockendon-family-hub"],
        "illustrative": False,
    },
    {
        "key": "stay-and-play",
        "name": "Stay and Play",
        "organization": "thurrock-council",
        "description": (
            "Play sessions at every Family Hub, where children develop their social and language "
            "skills while playing with others."
        ),
        "minimum_age": 0,
        "maximum_age": 5,
        "eligibility_description": "Children under five with a parent or carer (age range illustrative).",
        "join_method": "booking",
        "application_process": "Book a place online or at the hub (illustrative: places are limited).",
        "free": True,
        "topics": ["play-and-learning"],
        "schedules": [
            ("tilbury-family-hub", "TU", time(10), time(11, 30), True),
            ("ockendon-family-hub", "WE", time(10), time(11, 30), True),
            ("grays-family-hub", "TH", time(13, 30), time(15), True),
            ("stanford-family-hub", "MO", time(10), time(11, 30), True),
        ],
        "schedule_description": "Weekly at each Family Hub (times illustrative).",
        "illustrative": False,
    },
    {
        "key": "storytime",
        "name": "Storytime",
        "organization": "thurrock-council",
        "description": "Stories, songs and rhymes for babies and young children at the Family Hubs.",
        "minimum_age": 0,
        "maximum_age": 5,
        "eligibility_description": "Babies and young children with a parent or carer (age range illustrative).",
        "join_method": "drop_in",
        "application_process": "Just come along.",
        "free": True,
        "topics": ["reading", "play-and-learning"],
        "schedules": [
            ("tilbury-family-hub", "MO", time(14), time(14, 30), True),
            ("ockendon-family-hub", "TH", time(10), time(10, 30), True),
            ("grays-family-hub", "FR", time(14), time(14, 30), True),
        ],
        "schedule_description": "Weekly (times illustrative).",
        "illustrative": False,
    },
    {
        "key": "health-visiting-north-lincolnshire",
        "name": "Health visiting",
        "organization": "rdash",
        "description": (
            "Health visitors work closely with North Lincolnshire families to provide expert "
            "information, assessments and interventions during the early years. The team is on "
            "hand to support all parents and carers wanting advice."
        ),
        "for_expectant_parents": True,
        "minimum_age": 0,
        "maximum_age": 5,
        "eligibility_description": "All parents and carers in North Lincolnshire, from pregnancy to school age.",
        "join_method": "referral",
        "application_process": (
            "Your health visitor will contact you. You can also ask your midwife or children's centre "
            "to put you in touch."
        ),
        "free": True,
        "topics": ["health-visiting"],
        "schedules": [],
        "locations": [
            "scunthorpe-childrens-centre",
            "brigg-childrens-centre",
            "barton-childrens-centre",
        ],
        "illustrative": False,
    },
    {
        "key": "baby-clinic-north-lincolnshire",
        "name": "Baby clinic",
        "organization": "rdash",
        "description": "Weigh your baby and talk to a health visitor. Illustrative: times and places are made up.",
        "minimum_age": 0,
        "maximum_age": 2,
        "eligibility_description": "Babies and toddlers up to two.",
        "join_method": "drop_in",
        "application_process": "Just come along.",
        "free": True,
        "topics": ["health-visiting"],
        "schedules": [
            ("scunthorpe-childrens-centre", "TU", time(9, 30), time(11, 30), True),
            ("barton-childrens-centre", "1TH", time(13, 30), time(15), True),
        ],
        "schedule_description": "Scunthorpe every Tuesday; Barton on the first Thursday of the month (illustrative).",
        "illustrative": True,
    },
    {
        "key": "midwifery-north-lincolnshire",
        "name": "Community midwifery",
        "organization": "nlag",
        "description": (
            "Midwives support parents-to-be and new parents around the care their baby needs, "
            "before and after the birth."
        ),
        "for_expectant_parents": True,
        "minimum_age": 0,
        "maximum_age": 0,
        "eligibility_description": "Expectant parents, and new parents in the first weeks after birth.",
        "join_method": "referral",
        "application_process": "Refer yourself through your GP or the maternity unit (illustrative wording).",
        "free": True,
        "topics": ["pregnancy"],
        "schedules": [],
        "locations": ["scunthorpe-childrens-centre"],
        "illustrative": False,
    },
    {
        "key": "imagination-library",
        "name": "Imagination Library",
        "organization": "north-lincolnshire-council",
        "description": (
            "Encourages parents and carers to read to their children from birth, to create positive "
            "emotional connections. A free book posted to your child every month (illustrative detail)."
        ),
        "minimum_age": 0,
        "maximum_age": 5,
        "eligibility_description": "Children from birth (age range illustrative).",
        "join_method": "booking",
        "application_process": "Sign your child up at a children's centre (illustrative).",
        "free": True,
        "topics": ["reading"],
        "schedules": [],
        "locations": [
            "scunthorpe-childrens-centre",
            "brigg-childrens-centre",
            "barton-childrens-centre",
        ],
        "illustrative": False,
    },
    {
        "key": "baby-friendly-support",
        "name": "Baby Friendly support",
        "organization": "rdash",
        "description": (
            "Support to build close and loving relationships with your baby, as part of the UNICEF UK "
            "Baby Friendly Initiative."
        ),
        "for_expectant_parents": True,
        "minimum_age": 0,
        "maximum_age": 1,
        "eligibility_description": "Expectant and new parents (illustrative age range).",
        "join_method": "drop_in",
        "application_process": "Just come along, or ask your health visitor.",
        "free": True,
        "topics": ["feeding", "infant-mental-health"],
        "schedules": [("brigg-childrens-centre", "WE", time(10), time(11, 30), True)],
        "schedule_description": "Every Wednesday at Brigg (illustrative).",
        "illustrative": True,
    },
]

# The seeds give no phone numbers or opening hours for the hubs: each demo hub gets illustrative
# ones. 01632 960xxx numbers are reserved by Ofcom for drama, so they never reach anyone.
HUB_OPENING_HOURS = ("MO,TU,WE,TH,FR", time(9), time(17))


def hub_phone(key: str) -> str:
    position = [spec["key"] for spec in LOCATIONS].index(key)
    return f"01632 960 {100 + position}"


CAMPAIGNS = [
    {
        "slug": "infant-mental-health-awareness-week-2025",
        "name": "Infant Mental Health Awareness Week 2025",
        "starts_on": date(2025, 6, 9),
        "ends_on": date(2025, 6, 15),
        "summary": "Raising awareness of the support for babies' emotional wellbeing in Thurrock's Family Hubs.",
        "description": (
            "Infant mental health describes the social and emotional wellbeing and development of "
            "children in the earliest years of life. During the week Thurrock Council raised awareness "
            "of the ongoing support and services available within Family Hubs across the borough."
        ),
        "organizations": ["thurrock-council", "eput"],
        "services": [
            "time-for-you-and-baby-too",
            "together-with-baby",
            "stay-and-play",
            "storytime",
        ],
    },
    {
        "slug": "whos-holding-the-baby",
        "name": "Who's Holding the Baby?",
        "starts_on": None,
        "ends_on": None,
        "summary": "A campaign for parent-infant mental health support.",
        "description": (
            "At Ockendon Family Hub on 9 June 2025 parents and carers made a handprint collage to show "
            'support for the "Who\'s Holding the Baby?" campaign.'
        ),
        "organizations": ["thurrock-council", "eput"],
        "services": ["together-with-baby"],
    },
    {
        "slug": "infant-mental-health-awareness-week-2018",
        "name": "Infant Mental Health Awareness Week 2018",
        "starts_on": date(2018, 6, 10),
        "ends_on": date(2018, 6, 16),
        "summary": "North Lincolnshire partners raising awareness of looking after babies' and toddlers' emotional wellbeing.",
        "description": (
            "North Lincolnshire Council, RDaSH, NHS North Lincolnshire CCG and Northern Lincolnshire and "
            "Goole NHS Foundation Trust worked together to raise awareness of the importance of looking "
            "after the emotional wellbeing of babies and toddlers, and to support all parents-to-be and "
            "new parents around the care their baby needs."
        ),
        "organizations": ["north-lincolnshire-council", "rdash", "nl-ccg", "nlag"],
        "services": [
            "health-visiting-north-lincolnshire",
            "imagination-library",
            "baby-friendly-support",
        ],
    },
]


def next_awareness_week(today: date) -> tuple[date, date]:
    """The next Infant Mental Health Awareness Week not yet over. The seeds' weeks (9 to 15 June
    2025) fall in the second full week of June, Monday to Sunday: assume the next one does too."""
    for year in (today.year, today.year + 1):
        first_of_june = date(year, 6, 1)
        monday = first_of_june + timedelta(days=(7 - first_of_june.weekday()) % 7 + 7)
        if monday + timedelta(days=6) >= today:
            return monday, monday + timedelta(days=6)
    raise AssertionError("a week in June of this year or next is always found")


def upcoming_campaign(today: date) -> dict:
    """An illustrative coming campaign (the seeds' campaigns are all in the past), shaped like
    the CAMPAIGNS above; its dates follow from today, so the demo always has one to come."""
    starts_on, ends_on = next_awareness_week(today)
    return {
        "slug": f"infant-mental-health-awareness-week-{starts_on.year}",
        "name": f"Infant Mental Health Awareness Week {starts_on.year}",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "summary": "Illustrative: the next awareness week, with an open morning at Tilbury Family Hub.",
        "description": (
            "This campaign is illustrative demo data: the seeds describe the weeks in 2025 and "
            "2018, and this shows how a coming week looks. The dates follow the usual pattern, "
            "the second full week of June.\n\n"
            "During the week Family Hubs across Thurrock share the support there is for babies' "
            "emotional wellbeing, from the weekly 'Time for you and baby too' group to Together "
            "with Baby."
        ),
        "organizations": ["thurrock-council", "eput"],
        "services": ["time-for-you-and-baby-too", "together-with-baby"],
        "illustrative": True,
    }


def upcoming_event(today: date) -> dict:
    """An illustrative event on the first day of the coming campaign, shaped like EVENTS."""
    campaign = upcoming_campaign(today)
    return {
        "slug": f"tilbury-open-morning-{campaign['starts_on'].year}",
        "title": "Open morning: meet the infant mental health team at Tilbury Family Hub",
        "campaign": campaign["slug"],
        "location": "tilbury-family-hub",
        "organizations": ["eput", "thurrock-council"],
        "date": campaign["starts_on"],
        "starts": time(10),
        "ends": time(12),
        "times_are_illustrative": True,
        "description": (
            "Illustrative demo event: the date, times and plans are made up to show how a coming "
            "event looks. Drop in to meet health visitors and the Together with Baby team, and "
            "ask about support for you and your baby."
        ),
    }


EVENTS = [
    {
        "slug": "ockendon-infant-mental-health-day-2025",
        "title": "Infant mental health: meet the EPUT team at Ockendon Family Hub",
        "campaign": "infant-mental-health-awareness-week-2025",
        "location": "ockendon-family-hub",
        "organizations": ["eput", "thurrock-council"],
        "date": date(2025, 6, 9),
        "starts": time(10),
        "ends": time(13),
        "times_are_illustrative": True,
        "description": (
            "Parents and carers met health professionals from Essex Partnership University NHS "
            "Foundation Trust to learn more about how to support infants' emotional wellbeing, and "
            'made a handprint collage in support of the "Who\'s Holding the Baby?" campaign. '
            "The times shown are illustrative: the source gives only the date."
        ),
    },
]

NEWS = [
    {
        "slug": "free-parent-and-infant-support-in-thurrock",
        "title": "Free parent and infant support in Thurrock",
        "published_on": date(2025, 6, 12),
        "summary": "Parents in Thurrock can access a specialist mental health service to help better understand how to support their baby.",
        "body": (
            "As part of Infant Mental Health Week (9 to 15 June), Thurrock Council is raising awareness "
            "of some of the ongoing support and services that are available within Family Hubs across the borough.\n\n"
            "Parents and carers met with health professionals from the Essex Partnership University NHS "
            "Foundation Trust (EPUT) at Ockendon Family Hub on Monday 9 June to learn more about how to "
            "support infants' emotional wellbeing. As part of the day, a special handprint collage was "
            'created to show support for the "Who\'s Holding the Baby?" campaign.\n\n'
            "Early years and infant support can be accessed via discussions with a midwife, or through the "
            "weekly 'Time for you and baby too' support group which is hosted by Tilbury Family Hub, every "
            "Friday, from 10am to 11am. No registration is required to join the group, which is for expectant "
            "parents, and parents with children up to the age of two years old.\n\n"
            "Across all Family Hubs, children can enjoy Stay and Play sessions, as well as storytimes.\n\n"
            "Together with Baby is the Essex Parent Infant Mental Health Service. It is designed to help "
            "parents better understand their baby's emotional responses, as well as how to strengthen the "
            "relationship with their child."
        ),
        "campaigns": ["infant-mental-health-awareness-week-2025", "whos-holding-the-baby"],
        "locations": ["tilbury-family-hub", "ockendon-family-hub"],
        "services": [
            "time-for-you-and-baby-too",
            "together-with-baby",
            "stay-and-play",
            "storytime",
        ],
    },
    {
        "slug": "infant-mental-health-awareness-week-north-lincolnshire-2018",
        "title": "Infant Mental Health Awareness Week",
        "published_on": date(2018, 6, 6),
        "summary": "Partners in North Lincolnshire raise awareness of the emotional wellbeing of babies and toddlers (10 to 16 June).",
        "body": (
            "North Lincolnshire Council and its health partners are raising awareness of the importance of "
            "looking after the emotional wellbeing of babies and toddlers during Infant Mental Health "
            "Awareness Week (10 to 16 June).\n\n"
            "Babies develop positive emotional wellbeing through receiving consistently responsive and loving "
            "care which teaches them that the world is a safe place.\n\n"
            "This builds on the work already done to promote close and loving relationships as part of the "
            "UNICEF 'Baby Friendly Initiative', and ties in with the Imagination Library in North Lincolnshire, "
            "which encourages parents and carers to read to their children from birth.\n\n"
            "All parents can access support regarding caring for their babies from their midwife, health "
            "visitor or children's centre."
        ),
        "campaigns": ["infant-mental-health-awareness-week-2018"],
        "locations": [],
        "services": [
            "health-visiting-north-lincolnshire",
            "imagination-library",
            "baby-friendly-support",
        ],
    },
]

# Illustrative staff for trying the management pages locally (loaded only while DEBUG is on:
# their passwords are in the README). Each sets up two-factor sign-in at first sign-in.
DEMO_STAFF_PASSWORD = "try the directory 2026"  # noqa: S105 (local demo only, see above)
DEMO_STAFF = [
    {"email": "editor@thurrock.example", "roles": ["editor"], "organisations": []},
    {"email": "provider@eput.example", "roles": ["provider"], "organisations": ["eput"]},
    {"email": "midwife@nhs.example", "roles": ["professional"], "organisations": []},
    {"email": "team@eput.example", "roles": ["service_team"], "organisations": []},
]

# Requests for support. The seeds say families reach Together with Baby "via their midwife or
# through the group"; the reply target, the questions and the people are illustrative.
REQUESTS_FOR_SUPPORT = [
    {
        "service": "together-with-baby",
        "professional_referrals": True,
        "self_referrals": True,
        "response_target_working_days": 5,
        "questions": [
            {
                "label": "Who is your midwife or health visitor?",
                "hint": "Their name and where they work, if you know.",
                "kind": "text",
                "required": False,
            },
            {"label": "Is this your first baby?", "kind": "yes_no", "required": True},
        ],
        # Demo staff (loaded only while DEBUG is on): the team that receives the requests.
        "team": ["team@eput.example"],
    }
]
# The illustrative midwife's profile (her referrals show her job and organisation).
DEMO_PROFESSIONALS = {
    "midwife@nhs.example": {"job": "midwife", "organisation": "Illustrative NHS maternity service"}
}
