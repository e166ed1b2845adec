"""The provincial department's work (Art. 10, 12, 13): acceptance, expert panels and scoring,
decisions, public notices and objections, certification, and MIIT's tiers."""
