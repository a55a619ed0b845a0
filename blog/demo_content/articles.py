"""The demo articles beside the seed article: plain data, turned into pages by `load_demo_content`.

Each names its categories, a palette for its drawn picture, and a body of (block type, value) pairs in
the article editor's blocks; "phone" stands for a call-to-action with the clinic's main line.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    summary: str
    categories: tuple[str, ...]
    palette: tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]
    days_ago: int
    body: tuple


def paragraph(html):
    return ("paragraph", html)


def callout(heading, html, style="note"):
    return ("callout", {"style": style, "heading": heading, "text": html})


DEMO_ARTICLES = (
    DemoArticle(
        slug="sciatica-why-your-leg-hurts-and-what-helps",
        title="Sciatica: why your leg hurts and what helps",
        summary="Sciatica is pain that runs from the lower back down one leg. Most people get better in "
        "a few weeks with gentle movement and simple pain relief.",
        categories=("Sciatica", "Back pain"),
        palette=((11, 85, 99), (7, 59, 69), (120, 200, 190)),
        days_ago=3,
        body=(
            paragraph(
                "<p>Sciatica is pain, tingling or numbness that runs from your lower back, through your "
                "buttock and down one leg. It happens when something presses on or irritates the sciatic "
                "nerve, the longest nerve in your body.</p>"
            ),
            callout(
                "",
                "<p>Call 911 or go to the emergency room if you cannot control your bladder or bowels, if "
                "you feel numb around your bottom or genitals, or if both legs become weak.</p>",
                style="urgent",
            ),
            paragraph(
                "<h2>What causes sciatica</h2><p>The most common cause is a bulging disc in the lower "
                "spine. Narrowing of the spinal canal (stenosis) and tight buttock muscles can cause it "
                "too. It often starts after lifting, twisting or sitting for a long time.</p>"
            ),
            paragraph(
                "<h2>Easing it at home</h2><ul><li>Keep moving: short, gentle walks help more than bed "
                "rest.</li><li>Use heat or a cold pack for 20 minutes at a time.</li><li>Take pain relief "
                "your pharmacist recommends, at regular times.</li><li>Change position often when you "
                "sit.</li></ul>"
            ),
            paragraph(
                "<h2>Treatments we offer</h2><p>If the pain lasts more than six weeks, or stops you "
                "sleeping or working, our team can help. We may suggest physical therapy, an epidural "
                "steroid injection, or a nerve block to calm the irritated nerve.</p>"
            ),
            paragraph(
                "<h2>When to see a doctor</h2><p>See us if the pain is getting worse, if it has lasted "
                "more than a month, or if your leg feels weak.</p>"
            ),
            ("phone", "Questions about sciatica? Please call"),
        ),
    ),
    DemoArticle(
        slug="migraine-spotting-triggers",
        title="Migraine: spotting your triggers",
        summary="A headache diary helps you find what sets off your migraines, so you can avoid it "
        "and plan treatment with us.",
        categories=("Headache and migraine",),
        palette=((84, 58, 120), (45, 32, 72), (200, 170, 230)),
        days_ago=10,
        body=(
            paragraph(
                "<p>A migraine is more than a bad headache. It can bring throbbing pain on one side of the "
                "head, feeling sick, and a strong dislike of light and noise.</p>"
            ),
            paragraph(
                "<h2>Keep a headache diary</h2><p>For a month, write down when each migraine starts, what "
                "you ate and drank, how you slept, and how stressed you felt. Patterns soon show.</p>"
            ),
            callout(
                "Common triggers",
                "<ul><li>Missed meals or too little water</li><li>Poor sleep</li><li>Bright or flickering "
                "light</li><li>Hormone changes</li></ul>",
            ),
            paragraph(
                "<h2>Treatment that works for you</h2><p>We can help with medicines that stop an attack, "
                "medicines that prevent them, and nerve blocks or Botox for chronic migraine.</p>"
            ),
            ("phone", "To talk about migraine treatment, call"),
        ),
    ),
    DemoArticle(
        slug="knee-pain-on-the-stairs",
        title="Knee pain on the stairs: what it means",
        summary="Pain at the front of the knee when you climb stairs is common. Strengthening the "
        "muscles around the knee usually helps.",
        categories=("Knee pain",),
        palette=((150, 80, 30), (95, 45, 15), (250, 200, 140)),
        days_ago=17,
        body=(
            paragraph(
                "<p>Pain at the front of the knee when you climb stairs, squat or kneel is often caused by "
                "the kneecap rubbing on the thigh bone. Arthritis can also cause it.</p>"
            ),
            paragraph(
                "<h2>Exercises that help</h2><p>Strong thigh and hip muscles take pressure off the knee. A "
                "physical therapist can show you safe exercises, such as straight-leg raises.</p>"
            ),
            paragraph(
                "<h2>When an injection may help</h2><p>If arthritis pain stops you doing daily tasks, a "
                "steroid or gel injection can ease it for several months.</p>"
            ),
            ("phone", "To book a knee assessment, call"),
        ),
    ),
    DemoArticle(
        slug="lower-back-pain-the-first-48-hours",
        title="Lower back pain: the first 48 hours",
        summary="Most new back pain gets better by itself. Here is what to do in the first two days, "
        "and when to call us.",
        categories=("Back pain",),
        palette=((30, 100, 60), (15, 62, 36), (160, 220, 170)),
        days_ago=24,
        body=(
            paragraph(
                "<p>Sudden lower back pain is very common and usually not serious. Most people feel "
                "better within a few weeks.</p>"
            ),
            paragraph(
                "<h2>Stay active</h2><p>Rest for a short while if you need to, but get up and walk a "
                "little every hour. Long bed rest makes back pain last longer.</p>"
            ),
            paragraph(
                "<h2>Heat or ice?</h2><p>Ice can help in the first two days. After that, heat helps stiff "
                "muscles relax.</p>"
            ),
            paragraph(
                "<h2>When to call us</h2><p>Call if the pain is no better after two weeks, if it wakes "
                "you at night, or if it spreads down your leg.</p>"
            ),
            ("phone", "Still in pain? Please call"),
        ),
    ),
)
