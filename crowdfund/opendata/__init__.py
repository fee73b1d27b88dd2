"""The opendata domain: public money flows, IATI activity files and the page that explains them."""
