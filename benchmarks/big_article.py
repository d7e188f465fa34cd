"""Write one very large article (a project table of N rows) for the hostile-size check of issue 13. Run by hand:

python3 benchmarks/big_article.py 200000 /tmp/big50.txt   # about 50 MB
timeout 600 .venv/bin/kg build /tmp/big50.txt --no-cache -q --out /tmp/big-dist

To see how the build scales, build a few sizes a factor of two apart and compare the CPU time and the
peak memory ("User time", "Maximum resident set size") with those of the smallest, measured in the
same run (the ratio, not the seconds, is the figure: about 2 for each doubling when the build is linear):

for n in 2500 5000 10000; do
  python3 benchmarks/big_article.py $n /tmp/big$n.txt
  /usr/bin/time -v .venv/bin/kg build /tmp/big$n.txt --no-cache -q --out /tmp/big-dist$n -j 1 2>&1 |
    grep -E "User time|Elapsed|Maximum resident"
done
"""

import random
import sys

rows, out = int(sys.argv[1]), sys.argv[2]
random.seed(7)
cities = ["Athens", "Lisbon", "Vienna", "Brussels", "Prague", "Oslo", "Riga", "Turin"]
kinds = ["Science Centre", "University", "Foundation", "Science Museum", "Research Council"]
head = """= Big Network of Science Centres =

BNSC
- Full Name: Big Network of Science Centres (BNSC)
- Type: Nonprofit
- Location City: Athens
- Location Country: Greece
- Membership: Over 700

The Big Network of Science Centres (BNSC) is a not-for-profit organisation founded in 1990.

== Projects ==
BNSC coordinates and participates in collaborative projects.
| Project | Timeframe | Participating Organisations | Funders | Abstract | Website |
"""
with open(out, "w") as f:
    f.write(head)
    for i in range(rows):
        start = 1995 + i % 25
        partners = "; ".join(
            f"{random.choice(cities)} {random.choice(kinds)} {random.randrange(3000)}" for _ in range(4)
        )
        f.write(
            f"| PROJECT-{i:06d} | {start}-{start + 3} | {partners} | Horizon 2020 | Citizen science and engagement project number {i} about water and climate. | https://project-{i}.example.org/ |\n"
        )
    f.write("\n==See also==\n- List of science centers\n")
