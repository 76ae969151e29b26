"""The words of the library: subjects, captions, starters, hashtags and formats."""

from __future__ import annotations

# The library: subjects per category and type; titles, captions and starters come from them.
SUBJECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "Engineering voices": {
        "product milestone": (
            "Atlas AMR passes 10 million autonomous miles",
            "FleetOS 4.0 ships multi-site orchestration",
            "Northwind Lift earns its mobile-robot safety certification",
            "The new battery swap station cuts downtime by a third",
            "Our vision stack now handles shrink-wrapped pallets",
            "The fleet simulator opens to customers in beta",
        ),
        "team achievement": (
            "Firmware team ships over-the-air updates to the whole fleet",
            "The test lab logs 1,000 hours of collision testing",
            "An intern's path-planning project goes to production",
            "A quarter with zero customer-facing outages",
            "Our robotics team wins the warehouse picking challenge",
            "Controls team halves motor calibration time",
        ),
        "culture story": (
            "Inside our hardware hackathon",
            "A day in the Portland test lab",
            "How we do code review at Northwind",
            "Why our engineers spend a week on customer sites",
            "Open-source Fridays: what we gave back to ROS 2",
            "Meet the perception team",
        ),
        "industry insight": (
            "What humanoid hype means for warehouse robots",
            "Five lessons from running robots in cold storage",
            "Mobile-robot safety standards, explained",
            "Why simulation-first testing pays off",
            "Edge AI on a battery budget",
            "Where robots fit in the logistics labor gap",
        ),
    },
    "Sales & customers": {
        "product milestone": (
            "Atlas AMR is now available across the EU",
            "Pay-per-pick pricing launches",
            "The customer portal adds live fleet dashboards",
            "Certified integrations with the leading warehouse systems",
            "Northwind Lift ships to its 100th site",
            "24/7 remote support goes global",
        ),
        "team achievement": (
            "Customer Success reaches 98% renewal",
            "A cold-storage site goes live in six weeks",
            "Sales engineering wins partner demo day",
            "Field service hits a four-hour response in every region",
            "Support posts its best satisfaction score yet",
            "Our first customer in Singapore goes live",
        ),
        "culture story": (
            "Ride along with a field service engineer",
            "What go-live week really looks like",
            "How our sales team learns the robots hands-on",
            "What we heard at the customer advisory board",
            "Meet the people behind 24/7 support",
            "From the support desk to solutions consulting",
        ),
        "industry insight": (
            "Measuring the return on warehouse automation",
            "Peak season without overtime: a customer story",
            "What buyers ask before automating a warehouse",
            "Robots as a service, or buying the fleet?",
            "How automation changes warehouse jobs",
            "Three myths about robot deployments",
        ),
    },
    "Culture & people": {
        "culture story": (
            "Our new parental leave policy",
            "Mentorship circles turn one",
            "Volunteer day at the food bank",
            "Inside the new Portland headquarters",
            "Employee resource groups lead Pride month",
            "What people spent their learning budget on",
            "Why we publish salary bands",
        ),
        "team achievement": (
            "The assembly line reaches a year without a lost-time injury",
            "How supply chain beat the chip shortage",
            "Finance closes the books in four days",
            "Operations cuts packaging waste by 40%",
            "Our first apprenticeship graduates",
            "The People team wins a regional workplace award",
        ),
        "industry insight": (
            "Skills-based hiring: what we learned",
            "The case for apprenticeships in advanced manufacturing",
            "Pay transparency, one year in",
            "Retaining technicians in a tight labor market",
            "Sustainable packaging in robotics",
        ),
        "product milestone": (
            "The 1,000th robot built in Portland",
            "Our Austin assembly line opens",
            "Northwind is now carbon-neutral in its own operations",
        ),
    },
}
ANGLES = ("{}", "{} (behind the scenes)", "{} (the people behind it)", "{} (questions and answers)")
TONES = {
    "job posting": "inviting",
    "culture story": "warm",
    "industry insight": "thoughtful",
    "team achievement": "celebratory",
    "product milestone": "proud",
}
LINK_PATHS = {
    "job posting": "jobs",
    "culture story": "life",
    "industry insight": "insights",
    "team achievement": "news",
    "product milestone": "news",
}
CAMPAIGNS = {
    "culture story": "life-at-northwind",
    "industry insight": "thought-leadership",
    "team achievement": "team-wins",
    "product milestone": "product-news",
}
CAPTIONS = {
    "job posting": "We're hiring a {subject} to join the team{where}. If you want your work to move real robots, this one is for you.",
    "culture story": "{subject}. A look at how we work at {company}, told by the people who do it.",
    "industry insight": "{subject}. Our take, from people who deploy robots for a living.",
    "team achievement": "{subject}. Proud of the people who made it happen.",
    "product milestone": "{subject}. A milestone years in the making.",
}
STARTERS = {
    "job posting": ("I'd love to work with someone who…", "If you know a great {role}…", "What I love about this team…"),
    "culture story": ("What I love about working here…", "I'm proud that…", "Something people don't know about us…"),
    "industry insight": ("What I've learned from our customers…", "Here's what I think most people miss…", "In my corner of the work…"),
    "team achievement": ("I'm proud that…", "Shout-out to the people who…", "What made this possible…"),
    "product milestone": ("I'm proud that…", "What this means for our customers…", "I worked on a small piece of this…"),
}
HASHTAGS = {
    "Engineering voices": ("#robotics", "#engineering", "#ROS2", "#automation"),
    "Sales & customers": ("#logistics", "#warehouseautomation", "#customersuccess", "#supplychain"),
    "Culture & people": ("#NorthwindLife", "#culture", "#careers", "#manufacturing"),
}
PLATFORMS = (("linkedin", 6), ("x", 2), ("instagram", 2))
FORMATS = {
    "linkedin": "Native post with one image; open with your own line, two or three hashtags, link last.",
    "x": "Under 280 characters; one hashtag; the link at the end.",
    "instagram": "Square image or a 30-second reel; the link goes in your bio or story.",
}
