"""Who pays whom, as pictures: the payment network and timeline read from the store.

model.py reads the store into a Graph (filtered by company, date, size, depth);
layout.py places it; draw.py and timeline.py turn it into SVG; export.py writes the files
`newsfacts graph` makes. The Datasette pages (pipeline/datasette_plugin) use the same code,
so the browser and the files show the same picture.
"""
