"""The orders domain: buying and delivering — delivery fees now; cart, checkout, payments next."""
