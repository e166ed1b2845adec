"""The province's and each city's dashboard: charts and a map of the programme's figures, each linking
to the list behind it (``figures``: the numbers; ``views``: the page)."""
