"""Word lists for the synthetic demo service. Every person, address and phone number made from
these is fictional: phone numbers come from Ofcom's range kept for drama, emails from the
example.org domain, streets and estates are invented."""

from wingman.casework.choices import ContactType, PartnerType
from wingman.core.pathways import Pathway
from wingman.people.choices import Ethnicity
from wingman.referrals.choices import Source

ORGANISATION_NAME = "Wingman Demo Trust"

# The 18 boroughs, in the order they are built, and the boroughs next to each.
BOROUGHS: dict[str, tuple[str, ...]] = {
    "Southwark": ("Lambeth", "Lewisham"),
    "Lambeth": ("Southwark", "Wandsworth", "Croydon"),
    "Lewisham": ("Southwark", "Greenwich"),
    "Croydon": ("Lambeth",),
    "Hackney": ("Islington", "Haringey", "Tower Hamlets", "Waltham Forest", "Newham"),
    "Newham": ("Tower Hamlets", "Barking and Dagenham", "Waltham Forest", "Hackney"),
    "Tower Hamlets": ("Hackney", "Newham"),
    "Greenwich": ("Lewisham",),
    "Islington": ("Camden", "Hackney", "Haringey"),
    "Camden": ("Islington", "Westminster", "Brent", "Haringey"),
    "Haringey": ("Enfield", "Islington", "Hackney", "Waltham Forest", "Camden"),
    "Brent": ("Camden", "Ealing", "Westminster"),
    "Ealing": ("Brent",),
    "Enfield": ("Haringey", "Waltham Forest"),
    "Waltham Forest": ("Hackney", "Haringey", "Enfield", "Newham"),
    "Wandsworth": ("Lambeth",),
    "Barking and Dagenham": ("Newham",),
    "Westminster": ("Camden", "Brent"),
}

# Groups of names that go together, with the ethnicities a person named so most often gives,
# and how often each group turns up among the young people referred.
# fmt: off
NAME_GROUPS: list[dict] = [
    {
        "weight": 24,
        "male": [
            "Tyrone", "Jermaine", "Marcus", "Andre", "Dwayne", "Kyle", "Jordan", "Reuben",
            "Isaiah", "Elijah", "Nathaniel", "Levi", "Kai", "Jayden", "Rico", "Devon", "Malachi",
            "Kemar", "Shaquille", "Tristan",
        ],
        "female": [
            "Shanice", "Keisha", "Chantelle", "Aaliyah", "Tia", "Nia", "Imani", "Latoya", "Shauna",
            "Tiana", "Kezia", "Jada", "Renee", "Monique",
        ],
        "family": [
            "Campbell", "Gayle", "Bailey", "Reid", "Francis", "Grant", "Henry", "Samuels",
            "Gordon", "McKenzie", "Powell", "Barrett", "Bennett", "Blake", "Chambers", "Morrison",
            "Stewart", "Lindo", "Beckford", "Dacres", "Thompson", "Williams",
        ],
        "ethnicity": [
            (Ethnicity.BLACK_CARIBBEAN, 6),
            (Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN, 3),
            (Ethnicity.BLACK_OTHER, 1),
        ],
    },
    {
        "weight": 18,
        "male": [
            "Kwame", "Kofi", "Femi", "Segun", "Tobi", "Chidi", "Emeka", "Olu", "Tayo", "Yaw",
            "Emmanuel", "Samuel", "Daniel", "Joshua", "David", "Ibrahim", "Mohamed", "Abu",
        ],
        "female": [
            "Amara", "Temi", "Funmi", "Sade", "Blessing", "Precious", "Ama", "Adaeze", "Ngozi",
            "Esther", "Grace", "Fatmata", "Mariama",
        ],
        "family": [
            "Adeyemi", "Okafor", "Mensah", "Boateng", "Asante", "Owusu", "Okonkwo", "Eze", "Nwosu",
            "Adebayo", "Ogunleye", "Balogun", "Afolabi", "Kamara", "Sesay", "Conteh", "Bangura",
            "Koroma", "Diallo", "Traore", "Appiah", "Oduya",
        ],
        "ethnicity": [(Ethnicity.BLACK_AFRICAN, 8), (Ethnicity.MIXED_WHITE_BLACK_AFRICAN, 1)],
    },
    {
        "weight": 8,
        "male": ["Abdi", "Yusuf", "Mohamed", "Abdirahman", "Hassan", "Mahad", "Liban", "Omar"],
        "female": ["Hodan", "Ifrah", "Ayan", "Sagal", "Hibo", "Muna", "Nimco"],
        "family": ["Abdi", "Hassan", "Warsame", "Farah", "Osman", "Ali", "Jama", "Nur", "Egal"],
        "ethnicity": [(Ethnicity.BLACK_AFRICAN, 1)],
    },
    {
        "weight": 20,
        "male": [
            "Connor", "Callum", "Reece", "Dylan", "Liam", "Ryan", "Harvey", "Alfie", "Ellis",
            "Kieran", "Aaron", "Tyler", "Mason", "Lewis", "Jack", "Charlie", "Bradley", "Jake",
        ],
        "female": [
            "Jade", "Chloe", "Megan", "Courtney", "Leah", "Ruby", "Demi", "Kayla", "Holly",
            "Sophie", "Ella", "Lily", "Jessica", "Paige",
        ],
        "family": [
            "Smith", "Jones", "Taylor", "Davies", "Evans", "Wilson", "Clarke", "Robinson",
            "Walker", "Wright", "Green", "Hall", "Wood", "Hughes", "Edwards", "Lewis", "Morgan",
            "Roberts", "Turner", "Cooper", "Harris", "Carter",
        ],
        "ethnicity": [
            (Ethnicity.WHITE_BRITISH, 12),
            (Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN, 2),
            (Ethnicity.WHITE_GYPSY, 1),
        ],
    },
    {
        "weight": 4,
        "male": ["Sean", "Conor", "Declan", "Padraig", "Niall", "Cian"],
        "female": ["Niamh", "Siobhan", "Aoife", "Ciara", "Roisin"],
        "family": ["Murphy", "O'Brien", "Kelly", "Byrne", "Doyle", "Walsh", "Gallagher"],
        "ethnicity": [(Ethnicity.WHITE_IRISH, 3), (Ethnicity.WHITE_BRITISH, 1)],
    },
    {
        "weight": 9,
        "male": [
            "Mohammed", "Hamza", "Bilal", "Zain", "Tariq", "Imran", "Arjun", "Dev", "Rohan",
            "Shahid", "Rayhan", "Sami", "Amir",
        ],
        "female": ["Ayesha", "Fatima", "Zara", "Maryam", "Priya", "Simran", "Aisha", "Nadia"],
        "family": [
            "Ahmed", "Khan", "Hussain", "Begum", "Rahman", "Uddin", "Miah", "Islam", "Patel",
            "Shah", "Singh", "Kaur", "Sharma", "Chowdhury", "Iqbal",
        ],
        "ethnicity": [
            (Ethnicity.ASIAN_BANGLADESHI, 4),
            (Ethnicity.ASIAN_PAKISTANI, 3),
            (Ethnicity.ASIAN_INDIAN, 2),
            (Ethnicity.MIXED_WHITE_ASIAN, 1),
        ],
    },
    {
        "weight": 6,
        "male": ["Mateusz", "Jakub", "Darius", "Andrei", "Marius", "Kacper", "Lukas", "Florin"],
        "female": ["Zuzanna", "Natalia", "Ioana", "Alina", "Julia", "Roxana"],
        "family": [
            "Nowak", "Kowalski", "Popescu", "Ionescu", "Lakatos", "Horvath", "Balan", "Petrov",
        ],
        "ethnicity": [(Ethnicity.WHITE_OTHER, 4), (Ethnicity.WHITE_ROMA, 1)],
    },
    {
        "weight": 4,
        "male": ["Mehmet", "Kerem", "Emre", "Baran", "Deniz", "Serkan"],
        "female": ["Elif", "Defne", "Zeynep", "Melek"],
        "family": ["Yilmaz", "Demir", "Kaya", "Aydin", "Celik", "Arslan", "Dogan"],
        "ethnicity": [(Ethnicity.WHITE_OTHER, 2), (Ethnicity.OTHER, 1)],
    },
    {
        "weight": 3,
        "male": ["Luca", "Thiago", "Mateo", "Diego", "Gabriel", "Rafael"],
        "female": ["Bianca", "Larissa", "Camila", "Beatriz"],
        "family": ["Santos", "Silva", "Pereira", "Costa", "Oliveira", "Rodrigues", "Gomes"],
        "ethnicity": [
            (Ethnicity.WHITE_OTHER, 2),
            (Ethnicity.OTHER, 1),
            (Ethnicity.MIXED_OTHER, 1),
        ],
    },
    {
        "weight": 2,
        "male": ["Minh", "Kevin", "Jason", "Tuan", "Wei"],
        "female": ["Linh", "Mei", "Anh", "Jenny"],
        "family": ["Nguyen", "Tran", "Chen", "Wong", "Li", "Pham"],
        "ethnicity": [(Ethnicity.ASIAN_OTHER, 2), (Ethnicity.ASIAN_CHINESE, 1)],
    },
    {
        "weight": 3,
        "male": ["Ahmed", "Karim", "Youssef", "Khalid", "Walid"],
        "female": ["Layla", "Yasmin", "Rania", "Huda"],
        "family": ["Haddad", "Mansour", "Saleh", "Nasser", "Khalil", "Aziz"],
        "ethnicity": [(Ethnicity.ARAB, 3), (Ethnicity.OTHER, 1)],
    },
]

NICKNAMES = {
    "Mohammed": "Mo", "Mohamed": "Mo", "Nathaniel": "Nate", "Emmanuel": "Manny",
    "Abdirahman": "Abdi", "Malachi": "Kai", "Isaiah": "Zay", "Shaquille": "Shaq",
    "Jermaine": "Jay", "Samuel": "Sam", "Joshua": "Josh", "Daniel": "Danny", "Bradley": "Brad",
    "Mateusz": "Matt", "Jessica": "Jess", "Precious": "Preci", "Temi": "Temz", "Funmi": "Funmz",
}

NEUTRAL_FIRST_NAMES = ["Alex", "Sam", "Jordan", "Charlie", "Riley", "Jay", "Robin", "Ash"]

STREET_NAMES = [
    "Marigold Road", "Canal Walk", "Heron Street", "Juniper Lane", "Old Forge Road",
    "Kestrel Avenue", "Tanner's Row", "Quarry Street", "Orchard Way", "Ropemaker Close",
    "Lantern Road", "Saltwell Street", "Millpond Grove", "Crane Street", "Larkspur Avenue",
    "Fennel Road", "Chapel Yard", "Wharfside Way",
]
ESTATE_HOUSES = [
    "Marlowe House", "Bellamy House", "Rowan Court", "Keswick Tower", "Hollins House",
    "Ferrier Point", "Aldwyn House", "Penrose Court", "Tamworth House", "Cordelia Tower",
    "Brackley House", "Selwood Court",
]
LANGUAGES = [
    "Somali", "Yoruba", "Twi", "Bengali", "Urdu", "Polish", "Romanian", "Turkish", "Portuguese",
    "Arabic", "Tigrinya", "Krio", "Spanish", "Kurdish",
]
STREET_NAMES_ALIASES = [
    "Little T", "Ghost", "Smokey", "Tiny", "Blacks", "Chico", "Bugsy", "Prince", "Scrappy",
    "Lil Man", "Shadow", "Nino", "Snoop", "Kidd", "Rocco", "Youngs",
]

# Custody: where a young person is held depends on age and sex.
ESTABLISHMENTS_UNDER_18 = [
    "HMYOI Cookham Wood", "HMP/YOI Feltham", "HMYOI Werrington", "Oakhill Secure Training Centre",
]
ESTABLISHMENTS_18_TO_21 = [
    "HMP/YOI Feltham", "HMP/YOI Isis", "HMP/YOI Rochester", "HMP/YOI Aylesbury",
    "HMP/YOI Chelmsford",
]
ESTABLISHMENTS_ADULT = [
    "HMP Thameside", "HMP Brixton", "HMP Pentonville", "HMP Wandsworth", "HMP Belmarsh",
    "HMP Wormwood Scrubs", "HMP/YOI Isis", "HMP/YOI Rochester",
]
ESTABLISHMENTS_WOMEN = ["HMP/YOI Bronzefield", "HMP Downview"]

COURTS = [
    "Highbury Corner Youth Court", "Camberwell Green Youth Court", "Stratford Youth Court",
    "Croydon Crown Court", "Inner London Crown Court", "Snaresbrook Crown Court",
    "Wood Green Crown Court", "Westminster Magistrates' Court", "Bromley Youth Court",
    "Thames Magistrates' Court",
]
# fmt: on

SOURCE_WEIGHTS: dict[str, int] = {
    Source.PRISON: 22,
    Source.PROBATION: 14,
    Source.YOUTH_OFFENDING_TEAM: 14,
    Source.POLICE: 12,
    Source.SCHOOL: 8,
    Source.COURT: 6,
    Source.FAMILY: 7,
    Source.CHARITY: 5,
    Source.COUNCIL: 6,
    Source.SELF: 6,
}
# How likely a person referred by each source is in custody when the referral comes in.
IN_CUSTODY_BY_SOURCE: dict[str, float] = {
    Source.PRISON: 1.0,
    Source.COURT: 0.5,
    Source.PROBATION: 0.35,
    Source.YOUTH_OFFENDING_TEAM: 0.3,
    Source.POLICE: 0.15,
    Source.FAMILY: 0.1,
    Source.CHARITY: 0.05,
    Source.COUNCIL: 0.05,
    Source.SCHOOL: 0.0,
    Source.SELF: 0.0,
}

REFERRER_ORGANISATION: dict[str, list[str]] = {
    Source.PRISON: ["{establishment} resettlement team", "{establishment} safer custody team"],
    Source.POLICE: ["Metropolitan Police, {borough} gangs unit", "Metropolitan Police, {borough}"],
    Source.PROBATION: ["Probation Service, {borough}"],
    Source.YOUTH_OFFENDING_TEAM: ["{borough} Youth Justice Service"],
    Source.SCHOOL: ["{borough} Pupil Referral Unit", "{school} Academy", "{school} College"],
    Source.COURT: ["{court} liaison and diversion"],
    Source.FAMILY: [""],
    Source.CHARITY: ["Open Door Youth Project", "Northside Boxing Club", "Safe Passage Trust"],
    Source.COUNCIL: ["{borough} Council Children's Services", "{borough} Early Help"],
    Source.SELF: [""],
}
SCHOOLS = ["Riverside", "Kingsmead", "Hollybrook", "St Aldric's", "Elmwood", "Northgate"]
FAMILY_REFERRERS = ["Mother", "Father", "Aunt", "Grandmother", "Older brother", "Older sister"]

REFERRAL_REASONS: dict[str, list[str]] = {
    Source.PRISON: [
        "Due for release and wants to leave the gang; worried about going back to the same estate.",
        "Asked for a mentor who has been through it. Has a drug habit paid for by robbery.",
        "Serving a short sentence; threatened over a debt and needs a safe plan for release.",
        "Wants help with housing and training on release; says the life is over for good.",
    ],
    Source.POLICE: [
        "Arrested with older gang members; appears to be exploited to carry drugs.",
        "Victim of a stabbing last month; known to be on the edge of a local group.",
        "Found in a trap house outside London (county lines); returned home.",
    ],
    Source.PROBATION: [
        "On licence after release; struggling to keep away from old associates.",
        "Recently released; no stable address and missing appointments.",
        "Licence conditions rule out one area; needs help finding training.",
    ],
    Source.YOUTH_OFFENDING_TEAM: [
        "On a referral order; older members keep pulling the young person back in.",
        "Repeated missing episodes; concerns about criminal exploitation.",
        "Needs a positive role model; has said they want out.",
    ],
    Source.SCHOOL: [
        "Excluded twice this year; older boys waiting outside the school gate.",
        "Carrying new phones and money; staff worried about exploitation.",
        "Disclosed being made to hold a weapon for an older group.",
    ],
    Source.COURT: [
        "Awaiting sentence; the judge asked for a plan of support.",
        "Given a community sentence; the court liaison team suggested mentoring.",
    ],
    Source.FAMILY: [
        "Mum worried: staying out late, new friends, new money.",
        "Family asked for help after threats made to the house.",
    ],
    Source.CHARITY: [
        "Comes to our youth club; told a worker about wanting to get away from a group.",
        "Referred on from a sports project after a fight with a rival group.",
    ],
    Source.COUNCIL: [
        "Child in need; risk of criminal exploitation raised at a strategy meeting.",
        "Care leaver; housed in temporary accommodation near rival territory.",
    ],
    Source.SELF: [
        "Walked in: wants to get out of a gang and is scared.",
        "Walked in with a friend who used to be a client; wants the same help.",
    ],
}

# For someone in custody when a source other than the prison refers them.
REFERRAL_REASONS_IN_CUSTODY = [
    "Remanded in custody; wants support to change before the trial.",
    "Sentenced last month; asked for a mentor for release.",
    "Recalled to prison; the gang debt is still there and release needs a plan.",
]

DECLINE_REASONS = [
    "Lives outside the boroughs we work in; passed to a service nearer home.",
    "Already has a mentor through another service; agreed with the referrer not to double up.",
    "Needs a specialist mental health service first; referred on, to be looked at again later.",
    "Risk cannot be managed safely at the moment; to be reviewed in three months.",
    "Young person said no to support after we explained what we do.",
]
WITHDRAW_REASONS = [
    "Referrer withdrew: the family moved out of London.",
    "Did not want to meet after two attempts to make contact.",
    "Sentence longer than expected; the prison will re-refer nearer release.",
    "Taken on by another service before screening finished.",
]
ROTL_NOTES = [
    "Resettlement day release: housing appointment and the Jobcentre.",
    "Overnight release to family, agreed with the offender manager.",
    "Day release to meet the training provider before the course starts.",
]
UNFUNDED_REASONS = [
    "No funding stream covers her: a young woman trying to leave a newly forming female group. "
    "Seen anyway, the day she walked in.",
    "Aged {age}: outside the age range of every open stream. The need is clear; we help anyway.",
    "Lives in {borough}, which no funding stream covers. Seen anyway.",
    "Every funded place is taken. Risk is high now, so the work starts unfunded.",
    "Waiting for the commissioner to agree funding; the work cannot wait.",
]
NO_PLACE_REASON = (
    "Every funded place that fits is taken. Risk is high now, so the work starts unfunded."
)

CONTACT_MINUTES: dict[str, tuple[int, int]] = {
    ContactType.PRISON_VISIT: (60, 180),
    ContactType.HOME_VISIT: (45, 120),
    ContactType.PHONE: (5, 30),
    ContactType.MESSAGE: (2, 10),
    ContactType.RELEASE_DAY_MEET: (180, 480),
    ContactType.COURT: (120, 360),
    ContactType.OFFICE: (30, 90),
    ContactType.CRISIS_CALL: (10, 60),
    ContactType.FAMILY_SESSION: (45, 120),
    ContactType.GROUP_SESSION: (60, 150),
}

CONTACT_NOTES: dict[str, list[str]] = {
    ContactType.PRISON_VISIT: [
        "Visit at {place}. {name} talked about who will be around on release; went through the "
        "plan for the first week.",
        "Legal visit room at {place}. Worked on what {name} wants life to look like in a year.",
        "Visit at {place}. Quiet at first; opened up about pressure from others on the wing.",
        "Visit at {place}. Went through housing and the discharge grant; wrote down questions "
        "for probation.",
    ],
    ContactType.HOME_VISIT: [
        "Home visit. {name} and mum both there; talked about keeping to the curfew.",
        "Home visit. Room is sorted; helped fill in the college application.",
        "Home visit. {name} tired and low; agreed to see the GP this week.",
        "Home visit. Talked through a fall-out with friends from the old area.",
    ],
    ContactType.PHONE: [
        "Call to check in. {name} kept the appointment yesterday.",
        "Phoned about the course start date.",
        "Call: {name} worried about money until the first payment comes.",
        "Quick call to remind {name} about probation tomorrow.",
    ],
    ContactType.MESSAGE: [
        "Texted the time and place for Thursday.",
        "Message from {name}: got to the interview on time.",
        "Sent the address of the housing office.",
        "Checked in by message; replied fine.",
    ],
    ContactType.RELEASE_DAY_MEET: [
        "Met {name} at the gate of {place}. Breakfast, then probation, the council and the "
        "Jobcentre. Somewhere to sleep tonight sorted.",
        "Through the gate from {place}. Went straight to the housing office; phone bought and "
        "set up.",
    ],
    ContactType.COURT: [
        "Court with {name} at {place}; spoke as a character reference.",
        "Went to {place} with {name}. Hearing adjourned; explained what happens next.",
    ],
    ContactType.OFFICE: [
        "{name} came to the office. Worked on a CV and looked at courses.",
        "Office session: went through a benefits claim together.",
        "Office session on identity and self-esteem: who is {name} without the group?",
    ],
    ContactType.CRISIS_CALL: [
        "Called late at night: friends had just attacked someone; {name} was there and feels "
        "trapped. Talked through what to do; safety plan for tonight.",
        "Call after midnight: threats made on social media. Agreed to stay in; follow up in the "
        "morning.",
    ],
    ContactType.FAMILY_SESSION: [
        "Session with {name} and family about rules at home and staying safe.",
        "Met mum and {name} together; tension eased, agreed a plan for evenings.",
    ],
    ContactType.GROUP_SESSION: [
        "Group session on choices and consequences; {name} spoke about own experience.",
        "Boxing and talk session; {name} turned up on time and stayed to help.",
    ],
}

# Family and group work while the young person is inside.
CONTACT_NOTES_IN_CUSTODY: dict[str, list[str]] = {
    ContactType.FAMILY_SESSION: [
        "Met {name}'s family at home to plan for release.",
        "Session with mum and a younger brother: what home will be like when {name} is out.",
    ],
    ContactType.GROUP_SESSION: [
        "Group session on the wing about choices and consequences; {name} joined in.",
        "Peer group at {place}; {name} spoke about wanting a different life.",
    ],
}

PATHWAY_NOTES: dict[str, list[str]] = {
    Pathway.ACCOMMODATION: ["Chased the housing application.", "Looked at supported housing."],
    Pathway.EDUCATION_EMPLOYMENT: [
        "Talked about the construction card course.",
        "Looked at apprenticeships together.",
    ],
    Pathway.HEALTH: ["Sleeping badly; GP appointment booked.", "Talked about low mood."],
    Pathway.DRUGS_ALCOHOL: ["Stayed clean this week.", "Cut down on weed."],
    Pathway.FINANCE: ["Sorted the Universal Credit claim.", "Made a plan for a phone bill debt."],
    Pathway.FAMILY: ["Mum more hopeful.", "Wants to see their little one more often."],
    Pathway.ATTITUDES: [
        "Worked on handling anger.",
        "Talked through a stand-off before it happened.",
    ],
    Pathway.SAFETY: [
        "Went through safe routes that avoid the rival area.",
        "Changed the route to college after threats online.",
    ],
    Pathway.GANG_EXIT: [
        "Has been told to pay back a debt to the group; made a safety plan.",
        "Older lads still messaging; talked about how to say no and block them.",
    ],
    Pathway.IDENTITY: [
        "Talked about who they are without the group.",
        "Wrote down three things they are proud of this month.",
    ],
    Pathway.ABUSE: [
        "Spoke for the first time about what happened at home as a child.",
        "Agreed to see the counsellor about the abuse.",
    ],
}

# Which pathways each stage's work mostly touches.
STAGE_PATHWAYS: dict[str, list[tuple[str, int]]] = {
    "in_custody": [
        (Pathway.ATTITUDES, 5),
        (Pathway.FAMILY, 3),
        (Pathway.ACCOMMODATION, 4),
        (Pathway.EDUCATION_EMPLOYMENT, 3),
        (Pathway.SAFETY, 3),
        (Pathway.DRUGS_ALCOHOL, 2),
        (Pathway.HEALTH, 1),
        (Pathway.FINANCE, 1),
        (Pathway.GANG_EXIT, 3),
        (Pathway.IDENTITY, 3),
        (Pathway.ABUSE, 1),
    ],
    "community": [
        (Pathway.ACCOMMODATION, 4),
        (Pathway.EDUCATION_EMPLOYMENT, 5),
        (Pathway.HEALTH, 2),
        (Pathway.DRUGS_ALCOHOL, 3),
        (Pathway.FINANCE, 3),
        (Pathway.FAMILY, 3),
        (Pathway.ATTITUDES, 4),
        (Pathway.SAFETY, 3),
        (Pathway.GANG_EXIT, 3),
        (Pathway.IDENTITY, 2),
        (Pathway.ABUSE, 1),
    ],
    "sustainment": [
        (Pathway.EDUCATION_EMPLOYMENT, 5),
        (Pathway.FINANCE, 3),
        (Pathway.ATTITUDES, 3),
        (Pathway.FAMILY, 2),
        (Pathway.ACCOMMODATION, 2),
        (Pathway.HEALTH, 1),
        (Pathway.SAFETY, 1),
        (Pathway.DRUGS_ALCOHOL, 1),
        (Pathway.IDENTITY, 2),
        (Pathway.GANG_EXIT, 1),
    ],
}

STAGE_CONTACT_TYPES: dict[str, list[tuple[str, int]]] = {
    "in_custody": [
        (ContactType.PRISON_VISIT, 45),
        (ContactType.PHONE, 20),
        (ContactType.MESSAGE, 8),
        (ContactType.FAMILY_SESSION, 15),
        (ContactType.COURT, 4),
        (ContactType.GROUP_SESSION, 4),
    ],
    "release_day": [(ContactType.PHONE, 5), (ContactType.MESSAGE, 3), (ContactType.OFFICE, 2)],
    "community": [
        (ContactType.HOME_VISIT, 22),
        (ContactType.PHONE, 25),
        (ContactType.MESSAGE, 20),
        (ContactType.OFFICE, 15),
        (ContactType.COURT, 3),
        (ContactType.CRISIS_CALL, 4),
        (ContactType.FAMILY_SESSION, 6),
        (ContactType.GROUP_SESSION, 5),
    ],
    "sustainment": [
        (ContactType.PHONE, 30),
        (ContactType.MESSAGE, 30),
        (ContactType.OFFICE, 15),
        (ContactType.HOME_VISIT, 12),
        (ContactType.GROUP_SESSION, 6),
        (ContactType.FAMILY_SESSION, 4),
        (ContactType.CRISIS_CALL, 1),
    ],
}

PARTNER_TYPE_WEIGHTS: list[tuple[str, int]] = [
    (PartnerType.DRUGS_ALCOHOL, 14),
    (PartnerType.DOMESTIC_VIOLENCE, 4),
    (PartnerType.HOUSING, 16),
    (PartnerType.TRAINING, 18),
    (PartnerType.EMPLOYER, 8),
    (PartnerType.GP, 10),
    (PartnerType.BENEFITS, 12),
    (PartnerType.MENTAL_HEALTH, 8),
    (PartnerType.OTHER, 4),
]
PARTNER_NAMES: dict[str, list[str]] = {
    PartnerType.DRUGS_ALCOHOL: [
        "{borough} Brief Intervention Service",
        "{borough} young people's drug and alcohol service",
    ],
    PartnerType.DOMESTIC_VIOLENCE: [
        "24-hour domestic abuse helpline",
        "{borough} domestic abuse advocacy service",
    ],
    PartnerType.HOUSING: [
        "{borough} Council housing options",
        "Riverside Foyer supported housing",
        "Cedar House young people's hostel",
    ],
    PartnerType.TRAINING: [
        "Construction skills card (CSCS) course",
        "Level 1 barbering course",
        "Forklift licence course",
        "Functional skills English and maths",
        "Security guard licence course",
    ],
    PartnerType.EMPLOYER: [
        "Kerbside Catering",
        "Southbank Logistics",
        "Greenway Landscapes",
        "Two Rivers Building Services",
    ],
    PartnerType.GP: ["Borough Road Medical Centre", "Elm Tree Surgery", "Canal Side Health Centre"],
    PartnerType.BENEFITS: ["Jobcentre Plus, {borough}", "Universal Credit advance claim"],
    PartnerType.MENTAL_HEALTH: [
        "{borough} CAMHS",
        "Talking therapies service",
        "Youth counselling service",
    ],
    PartnerType.OTHER: ["Legal advice centre", "Northside Boxing Club", "Driving lessons fund"],
}
PARTNER_OUTCOMES: dict[str, list[str]] = {
    "attended": ["Went to the first appointment.", "Attended the assessment."],
    "completed": [
        "Finished the course and got the certificate.",
        "Moved in; tenancy signed.",
        "Registered and seen.",
        "Started work: three months in.",
        "Completed the programme.",
    ],
    "declined": [
        "Partner had no capacity; put on the waiting list.",
        "Did not meet the partner's criteria.",
        "Changed mind and did not go.",
    ],
}

FOLLOW_UP_TASKS = [
    "Chase the housing application",
    "Check the course start date",
    "Ring mum about the weekend",
    "Chase the ID application",
    "Ask probation about licence conditions",
    "Book the next office session",
    "Follow up the benefits claim",
    "Check in after the interview",
]
APPOINTMENT_TASKS = [
    "Probation appointment with {name}",
    "Jobcentre appointment with {name}",
    "GP registration for {name}",
    "College interview with {name}",
    "Housing office with {name}",
]

CHECKLIST_NOTES = {
    "somewhere_to_sleep": "Bed at the hostel for tonight",
    "discharge_grant": "Discharge grant received at the gate",
    "probation_appointment": "Probation at 2pm today",
}
