"""The city bureau's work (Art. 11-13): pre-screen, basic recognition and its filing with the
province, ranking, and recommendation of higher tiers under the city's quota."""
