"""A comparison pool for the demo, the same every time: people a little older and with more
previous sanctions than the demo's clients, overlapping enough to be matched."""

import random

HEADER = "ref,reoffended,age,sex,sanctions,age_first_sanction,age_current_sanction,custody_months"


def demo_pool_csv(people: int = 600, seed: int = 20261202) -> bytes:
    chance = random.Random(seed)  # noqa: S311 -- synthetic demo data, not a secret
    lines = [HEADER]
    for n in range(people):
        age = min(30, max(15, round(chance.gauss(21, 3))))
        first = chance.randint(min(12, age), age)
        sanctions = max(1, round(chance.gauss(4, 2)))
        current = chance.randint(first, age)
        risk = 0.25 + 0.04 * min(sanctions, 8) - 0.01 * (age - 18)
        reoffended = int(chance.random() < max(0.1, min(0.8, risk)))
        sex = "male" if chance.random() < 0.85 else "female"
        custody = chance.choice([0, 0, 3, 6, 12, 18])
        lines.append(f"C{n:04d},{reoffended},{age},{sex},{sanctions},{first},{current},{custody}")
    return ("\n".join(lines) + "\n").encode()
