"""Northwind Robotics, the fictional company: departments, titles, names and offices."""

from __future__ import annotations

COMPANY = "Northwind Robotics"
DOMAIN = "northwind.example"
CAREERS = f"https://careers.{DOMAIN}"

# (department, share of employees, advocate category)
DEPARTMENTS: tuple[tuple[str, float, str], ...] = (
    ("Engineering", 0.30, "Engineering voices"),
    ("Product", 0.09, "Engineering voices"),
    ("Sales", 0.15, "Sales & customers"),
    ("Marketing", 0.08, "Sales & customers"),
    ("Customer Success", 0.12, "Sales & customers"),
    ("People", 0.07, "Culture & people"),
    ("Finance", 0.07, "Culture & people"),
    ("Operations", 0.12, "Culture & people"),
)
CATEGORY_OF = {name: category for name, _, category in DEPARTMENTS}
CATEGORIES = ("Engineering voices", "Sales & customers", "Culture & people")

TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "Engineering": {
        "ic": ("Software Engineer", "Robotics Engineer", "Firmware Engineer", "Controls Engineer",
               "QA Engineer", "Site Reliability Engineer", "Mechanical Engineer",
               "Perception Engineer", "Data Engineer", "Embedded Systems Engineer"),
        "manager": ("Engineering Manager", "Manager, Firmware", "Manager, Test & Validation"),
        "director": ("Director of Engineering", "Director of Robotics Software", "Director of Hardware"),
        "executive": ("Chief Technology Officer", "VP Engineering", "SVP Hardware Engineering"),
    },
    "Product": {
        "ic": ("Product Manager", "Product Designer", "UX Researcher", "Technical Product Manager",
               "Product Analyst"),
        "manager": ("Group Product Manager", "Design Manager"),
        "director": ("Director of Product", "Director of Design"),
        "executive": ("Chief Product Officer", "VP Product"),
    },
    "Sales": {
        "ic": ("Account Executive", "Sales Engineer", "Sales Development Representative",
               "Solutions Consultant", "Channel Partner Manager"),
        "manager": ("Regional Sales Manager", "Sales Engineering Manager"),
        "director": ("Director of Sales, West", "Director of Sales, EMEA", "Director of Channel Sales"),
        "executive": ("Chief Revenue Officer", "VP Sales"),
    },
    "Marketing": {
        "ic": ("Product Marketing Manager", "Content Strategist", "Demand Generation Specialist",
               "Brand Designer", "Events Specialist", "Social Media Specialist"),
        "manager": ("Marketing Manager", "Brand Manager"),
        "director": ("Director of Marketing", "Director of Communications"),
        "executive": ("Chief Marketing Officer", "VP Marketing"),
    },
    "Customer Success": {
        "ic": ("Customer Success Manager", "Field Service Engineer", "Support Engineer",
               "Implementation Specialist", "Training Specialist"),
        "manager": ("Support Team Lead", "Manager, Field Service"),
        "director": ("Director of Customer Success", "Director of Support"),
        "executive": ("VP Customer Success", "Chief Customer Officer"),
    },
    "People": {
        "ic": ("Talent Acquisition Partner", "HR Business Partner", "People Operations Specialist",
               "Learning & Development Specialist", "Recruiting Coordinator"),
        "manager": ("Recruiting Manager", "People Operations Manager"),
        "director": ("Director of Talent", "Director of People Operations"),
        "executive": ("Chief People Officer", "VP People"),
    },
    "Finance": {
        "ic": ("Financial Analyst", "Accountant", "FP&A Analyst", "Payroll Specialist",
               "Procurement Specialist"),
        "manager": ("Accounting Manager", "FP&A Manager"),
        "director": ("Controller", "Director of FP&A"),
        "executive": ("Chief Financial Officer", "VP Finance"),
    },
    "Operations": {
        "ic": ("Supply Chain Planner", "Manufacturing Technician", "Quality Inspector",
               "Logistics Coordinator", "Production Engineer", "Buyer"),
        "manager": ("Production Manager", "Warehouse Manager", "Quality Manager"),
        "director": ("Director of Manufacturing", "Director of Supply Chain"),
        "executive": ("Chief Operating Officer", "VP Operations"),
    },
}
EXPERT_PREFIXES = ("Senior", "Senior", "Staff", "Principal", "Lead")
COORDINATOR_TITLE = "Employer Brand & Advocacy Lead"

FIRST_NAMES = (
    "Aaliyah", "Aaron", "Abigail", "Adrian", "Aisha", "Alejandro", "Alex", "Alice", "Amara",
    "Amir", "Ana", "Andre", "Andrea", "Anika", "Ashley", "Ben", "Beatriz", "Bianca", "Brian",
    "Caleb", "Camila", "Carlos", "Carmen", "Chen", "Chloe", "Chris", "Clara", "Daniel", "Dario",
    "David", "Deepa", "Diego", "Dmitri", "Elena", "Eli", "Emeka", "Emily", "Emma", "Erik",
    "Esther", "Fatima", "Felix", "Fiona", "Gabriel", "Grace", "Hana", "Hannah", "Hassan",
    "Hector", "Ingrid", "Isaac", "Isabel", "Ivan", "Jack", "Jamal", "James", "Jana", "Javier",
    "Jin", "Joao", "Jordan", "Jose", "Julia", "Kai", "Kamala", "Karim", "Kate", "Kenji",
    "Kevin", "Kofi", "Laila", "Lars", "Laura", "Leah", "Leon", "Li", "Lucas", "Lucia", "Luis",
    "Maya", "Marco", "Maria", "Mateo", "Mei", "Mia", "Michael", "Miguel", "Mina", "Mohammed",
    "Nadia", "Naomi", "Nathan", "Nia", "Nikhil", "Nina", "Noah", "Olivia", "Omar", "Oscar",
    "Pablo", "Paul", "Priya", "Rafael", "Rahul", "Rania", "Rebecca", "Ricardo", "Rosa", "Ryan",
    "Sakura", "Samuel", "Sara", "Sean", "Sofia", "Sophie", "Stefan", "Sunil", "Tariq", "Theo",
    "Thomas", "Tomas", "Valentina", "Victor", "Wei", "William", "Yara", "Yusuf", "Zainab", "Zoe",
)
LAST_NAMES = (
    "Abbott", "Adeyemi", "Agarwal", "Ahmed", "Alvarez", "Andersen", "Bailey", "Banerjee",
    "Becker", "Bennett", "Bianchi", "Brooks", "Campbell", "Castillo", "Chan", "Chang", "Chowdhury",
    "Clarke", "Cohen", "Costa", "Cruz", "Dang", "Davies", "Diaz", "Dubois", "Edwards", "Eriksson",
    "Evans", "Farah", "Fernandes", "Fischer", "Fitzgerald", "Fong", "Garcia", "Gonzalez", "Gupta",
    "Haddad", "Hall", "Hansen", "Harris", "Hayes", "Hernandez", "Hoffmann", "Hughes", "Ibrahim",
    "Ivanova", "Jackson", "Jensen", "Johansson", "Kaur", "Kelly", "Khan", "Kim", "Kowalski",
    "Kumar", "Larsen", "Lee", "Lopez", "Martin", "Martinez", "Mendoza", "Meyer", "Morales",
    "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "Obi", "Okafor", "Olsen",
    "Ortiz", "Osei", "Park", "Patel", "Pereira", "Petrov", "Phillips", "Quinn", "Ramirez", "Rao",
    "Reyes", "Rivera", "Robinson", "Rossi", "Russo", "Sato", "Schmidt", "Schneider", "Sharma",
    "Silva", "Singh", "Sokolov", "Suzuki", "Tanaka", "Taylor", "Thompson", "Torres", "Tran",
    "Turner", "Vargas", "Vasquez", "Wagner", "Walker", "Wang", "Weber", "Williams", "Wilson",
    "Wong", "Wright", "Yamamoto", "Yang", "Young", "Zhang", "Zhou", "Zimmermann",
)
LOCATIONS = (
    ("Portland, OR", 35), ("Austin, TX", 15), ("Boston, MA", 12), ("Remote, US", 15),
    ("Toronto, ON", 8), ("Manchester, UK", 7), ("Munich, DE", 5), ("Singapore", 3),
)
