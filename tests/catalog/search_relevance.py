"""The relevance set of product search: what shoppers type, and what they must find.

Each query names one to three demo products (exact names from ``demo.data.PRODUCTS``) that a
shopper typing it clearly expects among the first five results. Broad words ("keripik",
"batik", "gula aren") match a dozen or more products whose order among themselves is a matter
of taste, so queries here carry a second word that narrows them, or expect only the products
every sensible ranking puts first (in stock, the query's words in the name).

The catalogue comes from ``tests/catalog/search_catalogue.py``; ``measure``, ``figures`` and
``report`` at the end score any search function (query -> product names) against the set, and
``tests/catalog/test_search_relevance.py`` scores the shop's search with them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass


class Kind(enum.StrEnum):
    """What a query tests; the figures are reported per kind."""

    VARIANT = "spelling variant"  # kripik/keripik, sambel/sambal, kaus/kaos, kunir/kunyit
    SYNONYM = "synonym"  # gula merah/gula jawa -> gula aren, jilbab/kerudung -> hijab
    TYPO = "typo"  # one or two letters wrong, missing, extra or swapped
    PARTIAL = "partial word"  # the start of a word, as typed so far
    MULTI_WORD = "multi-word"
    MIXED = "mixed language"  # English words among Indonesian ones
    CASE_PUNCTUATION = "case and punctuation"  # also odd spacing, accents, full-width letters
    REPEATED = "repeated letters"  # "kriiipik"
    PLACE = "member, gallery or category"


@dataclass(frozen=True)
class RelevanceQuery:
    q: str
    kind: Kind
    expected: tuple[str, ...]  # product names that must be in the top five


def _queries(kind: Kind, *items: tuple[str, tuple[str, ...]]) -> list[RelevanceQuery]:
    return [RelevanceQuery(q, kind, expected) for q, expected in items]


RELEVANCE_SET: tuple[RelevanceQuery, ...] = (
    *_queries(
        Kind.VARIANT,
        ("kripik singkong keju", ("Keripik Singkong Keju",)),
        (
            "kripik singkong balado",
            ("Keripik Singkong Balado Pedas", "Keripik Singkong Balado Pedas 1 kg"),
        ),
        (
            "kripik tempe",
            ("Keripik Tempe Daun Jeruk", "Keripik Tempe Pedas", "Keripik Tempe Sagu 500 g"),
        ),
        ("krupuk udang", ("Kerupuk Udang Mentah",)),
        (
            "krupuk kulit",
            ("Kerupuk Kulit Sapi Rambak", "Kerupuk Kulit Sapi Pedas", "Kerupuk Kulit Sapi Mentah"),
        ),
        ("krupuk ikan tenggiri", ("Kerupuk Ikan Tenggiri Mentah",)),
        ("sambel roa", ("Sambal Roa",)),
        ("sambel bawang", ("Sambal Bawang Pedas",)),
        ("sambel ijo", ("Sambal Ijo Pete",)),
        ("sambal hijau petai", ("Sambal Ijo Pete",)),
        ("trasi", ("Sambal Terasi Matang", "Rengginang Ketan Terasi Mentah")),
        ("kaus ondel-ondel", ("Kaos Sablon Ondel-Ondel Dewasa", "Kaos Anak Sablon Ondel-Ondel")),
        ("kaus anak", ("Kaos Anak Sablon Ondel-Ondel", "Kaos Sablon Aye Anak Tangsel")),
        ("keripik pisang coklat", ("Keripik Pisang Cokelat",)),
        ("cookies coklat", ("Cookies Cokelat Chip",)),
        ("peyek kacang", ("Rempeyek Kacang Tanah", "Rempeyek Kacang Hijau")),
        ("kacang ijo", ("Rempeyek Kacang Hijau", "Kue Satu Kacang Hijau")),
        ("sirop markisa", ("Sirup Markisa Asli",)),
        ("teh rosella", ("Teh Rosela Kering",)),
        (
            "emping belinjo",
            (
                "Emping Melinjo Mentah",
                "Emping Melinjo Pedas Manis",
                "Emping Melinjo Goreng Original",
            ),
        ),
        ("jamu kunir asem", ("Jamu Kunyit Asam",)),
        ("jamu gula asam", ("Jamu Gula Asem",)),
        ("baso ikan pedas", ("Basreng Pedas Daun Jeruk",)),
    ),
    *_queries(
        Kind.SYNONYM,
        (
            "gula merah cetak",
            ("Gula Aren Cetak Batok", "Gula Aren Cetak 1 kg", "Gula Aren Cetak Koin"),
        ),
        (
            "gula merah cair",
            ("Gula Aren Cair", "Gula Aren Cair Jeriken 1 Liter", "Gula Aren Cair Pouch Isi Ulang"),
        ),
        ("gula jawa serut", ("Gula Aren Serut Siap Pakai",)),
        ("gula jawa koin", ("Gula Aren Cetak Koin",)),
        ("gula kawung batok", ("Gula Aren Cetak Batok",)),
        ("gula kawung cair", ("Gula Aren Cair", "Gula Aren Cair Jeriken 1 Liter")),
        ("sirup gula merah", ("Sirup Gula Aren Pandan", "Sirup Gula Aren Original")),
        ("bolu gula jawa", ("Bolu Pisang Gula Aren",)),
        ("jilbab instan", ("Hijab Instan Bergo Jersey",)),
        ("jilbab bergo", ("Hijab Instan Bergo Jersey",)),
        (
            "jilbab segi empat",
            (
                "Hijab Segi Empat Voal Motif Anggrek",
                "Hijab Segi Empat Voal Motif Blandongan",
                "Kerudung Segi Empat Paris Polos",
            ),
        ),
        ("jilbab batik", ("Hijab Segi Empat Batik Cap Blandongan",)),
        ("kerudung sport", ("Hijab Sport Jersey",)),
        ("cemilan bayam", ("Keripik Bayam Renyah",)),
        ("jajanan talas", ("Keripik Talas Bogor",)),
        ("bakso goreng", ("Basreng Pedas Daun Jeruk",)),
        ("tabungan ayam", ("Celengan Gerabah Ayam Jago",)),
        ("rambak", ("Kerupuk Kulit Sapi Rambak", "Kerupuk Kulit Sapi Pedas")),
    ),
    *_queries(
        Kind.TYPO,
        (
            "batk tulis anggrek",
            ("Kain Batik Tulis Motif Anggrek Vanda", "Selendang Batik Tulis Motif Anggrek"),
        ),
        (
            "kain batk cap",
            (
                "Kain Batik Cap Motif Blandongan",
                "Kain Batik Cap Motif Kembang Anggrek",
                "Kain Batik Cap Motif Kali Cisadane",
            ),
        ),
        (
            "gla aren cair",
            ("Gula Aren Cair", "Gula Aren Cair Jeriken 1 Liter", "Gula Aren Cair Pouch Isi Ulang"),
        ),
        (
            "kripk pisang",
            (
                "Keripik Pisang Balado",
                "Keripik Pisang Asin Gurih",
                "Keripik Pisang Manis Gula Aren",
            ),
        ),
        ("kopu susu", ("Kopi Susu Gula Aren Literan",)),
        ("sambl roa", ("Sambal Roa",)),
        ("dodl durian", ("Dodol Durian",)),
        ("rempeyk kacang", ("Rempeyek Kacang Tanah", "Rempeyek Kacang Hijau")),
        ("nastr", ("Nastar Selai Nanas",)),
        ("kastangel", ("Kastengel Keju Edam",)),
        (
            "emping melinja",
            (
                "Emping Melinjo Mentah",
                "Emping Melinjo Pedas Manis",
                "Emping Melinjo Goreng Original",
            ),
        ),
        ("temulawk", ("Jamu Temulawak", "Temulawak Instan")),
        (
            "totebag ecoprnt",
            ("Totebag Ecoprint Daun Jati", "Totebag Ecoprint Kanvas Motif Kenikir"),
        ),
        ("hijab sprot", ("Hijab Sport Jersey",)),
        ("madu kelanceng", ("Madu Klanceng Murni",)),
        ("bir peltok", ("Bir Pletok Betawi", "Bir Pletok Serbuk Instan")),
        ("amplang tengiri", ("Amplang Ikan Tenggiri",)),
        ("keranjang bambo", ("Keranjang Anyaman Bambu Serbaguna",)),
        ("kendi gerabh", ("Kendi Gerabah Air Minum",)),
        ("sirup kalamasi", ("Sirup Jeruk Kalamansi",)),
        ("wedang uwu", ("Wedang Uwuh Rempah",)),
        ("kaos oversise", ("Kaos Oversize Sablon Bintaro",)),
    ),
    *_queries(
        Kind.PARTIAL,
        ("gul aren cet", ("Gula Aren Cetak Batok", "Gula Aren Cetak 1 kg", "Gula Aren Cetak Koin")),
        ("gula semut kel", ("Gula Semut Kelapa",)),
        ("kerip kentang", ("Keripik Kentang Balado",)),
        (
            "bati tulis blandongan",
            ("Kain Batik Tulis Motif Blandongan", "Kemeja Batik Tulis Pria Motif Blandongan"),
        ),
        ("rempe", ("Rempeyek Kacang Tanah", "Rempeyek Teri Medan", "Rempeyek Udang Rebon")),
        (
            "onde",
            (
                "Kaos Sablon Ondel-Ondel Dewasa",
                "Kaos Anak Sablon Ondel-Ondel",
                "Miniatur Ondel-Ondel Sepasang",
            ),
        ),
        ("amigu", ("Boneka Rajut Amigurumi Kucing",)),
        ("makra", ("Hiasan Dinding Makrame",)),
        ("kasten", ("Kastengel Keju Edam",)),
        ("temul", ("Jamu Temulawak", "Temulawak Instan")),
        (
            "pashm",
            ("Pashmina Kaos Rayon", "Pashmina Ecoprint Voal", "Pashmina Plisket Ceruty"),
        ),
        ("pouch eco", ("Pouch Ecoprint Kanvas",)),
        ("kopi arab", ("Kopi Arabika Java Preanger Biji Sangrai",)),
        ("madu kel", ("Madu Kelengkeng",)),
        ("tudung sa", ("Tudung Saji Bambu",)),
        ("sempr", ("Semprong Gulung Wijen", "Kue Semprit Mentega")),
        ("cardi", ("Cardigan Rajut Wanita",)),
        (
            "rengg",
            (
                "Rengginang Ketan Terasi Mentah",
                "Rengginang Ketan Goreng",
                "Rengginang Ketan Hitam Mentah",
            ),
        ),
    ),
    *_queries(
        Kind.MULTI_WORD,
        ("keripik pisang balado", ("Keripik Pisang Balado",)),
        ("tas anyaman pandan", ("Tas Anyaman Pandan Motif Kotak",)),
        (
            "kopi robusta bubuk",
            ("Kopi Robusta Pandeglang Bubuk", "Kopi Robusta Lampung Bubuk Halus"),
        ),
        ("kain batik cap kali cisadane", ("Kain Batik Cap Motif Kali Cisadane",)),
        ("gula semut aren jahe", ("Gula Semut Aren Jahe",)),
        ("jamu beras kencur", ("Jamu Beras Kencur Literan", "Jamu Beras Kencur")),
        ("kerupuk ikan tenggiri", ("Kerupuk Ikan Tenggiri Mentah", "Amplang Ikan Tenggiri")),
        ("sambal teri kacang", ("Sambal Teri Kacang",)),
        ("teh bunga telang", ("Teh Bunga Telang", "Teh Telang Lemon Celup")),
        (
            "kemeja batik pria lengan pendek",
            ("Kemeja Batik Cap Pria Motif Blandongan Lengan Pendek",),
        ),
        (
            "hijab segi empat voal",
            ("Hijab Segi Empat Voal Motif Anggrek", "Hijab Segi Empat Voal Motif Blandongan"),
        ),
        ("keranjang rajut tali kur", ("Keranjang Rajut Tali Kur",)),
        ("sarung bantal perca", ("Sarung Bantal Kain Perca",)),
        ("mangkuk batok kelapa", ("Mangkuk Batok Kelapa",)),
        ("rengginang ketan hitam", ("Rengginang Ketan Hitam Mentah",)),
        ("dodol ketan hitam", ("Dodol Betawi Ketan Hitam",)),
        (
            "kaos sablon anggrek",
            ("Kaos Sablon Tangsel Ikon Anggrek", "Kaos Sablon Anggrek Vanda Putih"),
        ),
        ("pot tanah liat", ("Pot Gerabah Tanah Liat 20 cm",)),
        ("sirup gula aren", ("Sirup Gula Aren Pandan", "Sirup Gula Aren Original")),
    ),
    *_queries(
        Kind.MIXED,
        (
            "coffee aren",
            ("Cold Brew Kopi Aren", "Kopi Tubruk Gula Aren Sachet", "Kopi Susu Gula Aren Literan"),
        ),
        ("coffee robusta", ("Kopi Robusta Pandeglang Bubuk", "Kopi Robusta Lampung Bubuk Halus")),
        ("ginger drink", ("Wedang Jahe Merah Instan", "Jahe Merah Bubuk Instan")),
        (
            "liquid palm sugar",
            ("Gula Aren Cair", "Gula Aren Cair Jeriken 1 Liter", "Gula Aren Cair Pouch Isi Ulang"),
        ),
        ("palm sugar koin", ("Gula Aren Cetak Koin",)),
        ("chips singkong keju", ("Keripik Singkong Keju",)),
        (
            "cassava chips balado",
            ("Keripik Singkong Balado Pedas", "Keripik Singkong Balado Pedas 1 kg"),
        ),
        ("banana chips chocolate", ("Keripik Pisang Cokelat",)),
        ("banana chips keju", ("Keripik Pisang Keju Susu",)),
        ("honey", ("Madu Klanceng Murni", "Madu Hutan Baduy", "Madu Kelengkeng")),
        ("herbal tea telang", ("Teh Bunga Telang", "Teh Telang Lemon Celup")),
        ("chocolate cookies", ("Cookies Cokelat Chip",)),
        ("batik shirt anak", ("Kemeja Batik Anak Motif Anggrek",)),
        ("bag rajut", ("Tas Rajut Benang Nilon", "Tas Rajut Sling Bag")),
        ("banana cake", ("Bolu Pisang Gula Aren",)),
        (
            "tote bag ecoprint",
            ("Totebag Ecoprint Daun Jati", "Totebag Ecoprint Kanvas Motif Kenikir"),
        ),
        ("cold brew", ("Cold Brew Kopi Aren",)),
        ("turmeric jamu", ("Jamu Kunyit Asam", "Jamu Kunyit Sirih")),
        ("shrimp kerupuk", ("Kerupuk Udang Mentah",)),
    ),
    *_queries(
        Kind.CASE_PUNCTUATION,
        (
            "GULA-AREN CAIR",
            ("Gula Aren Cair", "Gula Aren Cair Jeriken 1 Liter", "Gula Aren Cair Pouch Isi Ulang"),
        ),
        ("Kopi,susu!!", ("Kopi Susu Gula Aren Literan",)),
        (
            "  batik   tulis  blandongan ",
            ("Kain Batik Tulis Motif Blandongan", "Kemeja Batik Tulis Pria Motif Blandongan"),
        ),
        (
            "ONDEL-ONDEL",
            (
                "Kaos Sablon Ondel-Ondel Dewasa",
                "Kaos Anak Sablon Ondel-Ondel",
                "Miniatur Ondel-Ondel Sepasang",
            ),
        ),
        ("Sambal Roa!!!", ("Sambal Roa",)),
        ("keripik (singkong) keju", ("Keripik Singkong Keju",)),
        ("Bir-Pletok", ("Bir Pletok Betawi", "Bir Pletok Serbuk Instan")),
        ("Tikar-Pandan", ("Tikar Pandan 120 × 180 cm",)),
        (
            "KERUPUK kulit SAPI",
            ("Kerupuk Kulit Sapi Rambak", "Kerupuk Kulit Sapi Pedas", "Kerupuk Kulit Sapi Mentah"),
        ),
        ("wedang uwuh.", ("Wedang Uwuh Rempah",)),
        ('"nastar"', ("Nastar Selai Nanas",)),
        ("PUTRI SALJU", ("Putri Salju Kacang Mede",)),
        ("Kopi Susu (Gula Aren)", ("Kopi Susu Gula Aren Literan",)),
        ("Jamu: kunyit asam", ("Jamu Kunyit Asam",)),
        ("gula aren cetak 1kg", ("Gula Aren Cetak 1 kg",)),
        ("Kéripik Tálas", ("Keripik Talas Bogor",)),
        ("ｋｏｐｉ ｊａｈｅ", ("Kopi Jahe Bubuk",)),  # full-width letters, as some keyboards send
    ),
    *_queries(
        Kind.REPEATED,
        ("kriiipik kentang", ("Keripik Kentang Balado",)),
        ("sambeeel ebi", ("Sambal Ebi",)),
        ("kopiii susu", ("Kopi Susu Gula Aren Literan",)),
        ("dodooool durian", ("Dodol Durian",)),
        ("nastarrr", ("Nastar Selai Nanas",)),
        ("madu kelengkenggg", ("Madu Kelengkeng",)),
        ("basrengg pedass", ("Basreng Pedas Daun Jeruk",)),
        ("kerupukkk udang", ("Kerupuk Udang Mentah",)),
        ("jamuuu temulawak", ("Jamu Temulawak",)),
        ("hijaaab sport", ("Hijab Sport Jersey",)),
        ("seblaaak", ("Seblak Kering Kerupuk",)),
        ("abon sapiii", ("Abon Sapi Manis",)),
    ),
    *_queries(
        Kind.PLACE,
        (
            "keripik sri rasa",
            (
                "Keripik Singkong Balado Pedas",
                "Keripik Singkong Keju",
                "Keripik Singkong Original Gurih",
            ),
        ),
        ("dapur rina", ("Nastar Selai Nanas", "Kastengel Keju Edam", "Putri Salju Kacang Mede")),
        (
            "kang mamat gula semut",
            ("Gula Semut Aren Jahe", "Gula Semut Aren Original 250 g"),
        ),
        (
            "kopi pak iwan",
            (
                "Kopi Liberika Banten Biji Sangrai",
                "Kopi Robusta Lampung Bubuk Halus",
                "Cold Brew Kopi Aren",
            ),
        ),
        (
            "galeri batik tangsel kemeja",
            (
                "Kemeja Batik Tulis Pria Motif Blandongan",
                "Kemeja Batik Cap Pria Motif Anggrek Lengan Panjang",
                "Kemeja Batik Anak Motif Anggrek",
            ),
        ),
        ("sambal pamulang", ("Sambal Roa", "Sambal Cumi Asin", "Sambal Ijo Pete")),
        (
            "kopi serpong",
            ("Kopi Robusta Pandeglang Bubuk", "Kopi Jahe Bubuk", "Kopi Tubruk Gula Aren Sachet"),
        ),
        (
            "gula aren ciputat timur",
            ("Gula Aren Cair", "Gula Aren Cair Jeriken 1 Liter", "Gula Aren Cair Pouch Isi Ulang"),
        ),
        ("tas rajut pondok aren", ("Tas Rajut Sling Bag",)),
        ("anggun hijab", ("Hijab Segi Empat Voal Motif Anggrek", "Hijab Instan Bergo Jersey")),
        (
            "maya ecoprint",
            ("Totebag Ecoprint Daun Jati", "Syal Ecoprint Sutra", "Pouch Ecoprint Kanvas"),
        ),
        (
            "kue betawi bu lilis",
            ("Kue Satu Kacang Hijau", "Semprong Gulung Wijen", "Biji Ketapang"),
        ),
        (
            "kerajinan batok",
            ("Mangkuk Batok Kelapa", "Sendok Sayur Batok Kelapa", "Gantungan Kunci Batok Ukir"),
        ),
        (
            "minuman jahe",
            ("Wedang Jahe Merah Instan", "Jahe Merah Bubuk Instan"),
        ),
        (
            "crafts pandan",
            ("Tas Anyaman Pandan Motif Kotak", "Topi Anyaman Pandan", "Tempat Tisu Anyaman Pandan"),
        ),
        (
            "gerabah cisadane",
            (
                "Pot Gerabah Tanah Liat 20 cm",
                "Kendi Gerabah Air Minum",
                "Celengan Gerabah Ayam Jago",
            ),
        ),
        (
            "keripik pisang setu",
            (
                "Keripik Pisang Manis Gula Aren",
                "Keripik Pisang Asin Gurih",
                "Keripik Pisang Balado",
            ),
        ),
        (
            "emping yati",
            (
                "Emping Melinjo Mentah",
                "Emping Melinjo Pedas Manis",
                "Emping Melinjo Goreng Original",
            ),
        ),
        (
            "rawa buntu print",
            (
                "Kaos Sablon Tangsel Ikon Anggrek",
                "Kaos Sablon Perahu Eretan Cisadane",
                "Kaos Sablon Aye Anak Tangsel",
            ),
        ),
    ),
)


# Measuring: kept next to the data so any search function (the engine, the old LIKE search,
# a variant with a stemmer) can be scored the same way.

TOP = 5  # recall is counted in the first five results
DEPTH = 10  # the reciprocal rank looks this far


@dataclass(frozen=True)
class Outcome:
    """What one query returned (product names, best first) against what it expects."""

    query: RelevanceQuery
    returned: tuple[str, ...]

    @property
    def recall_at_5(self) -> float:
        found = set(self.returned[:TOP]) & set(self.query.expected)
        return len(found) / len(self.query.expected)

    @property
    def reciprocal_rank(self) -> float:
        for rank, name in enumerate(self.returned[:DEPTH], start=1):
            if name in self.query.expected:
                return 1 / rank
        return 0.0


@dataclass(frozen=True)
class Figures:
    queries: int
    recall_at_5: float
    mrr: float


def measure(
    search: Callable[[str], Sequence[str]], queries: Sequence[RelevanceQuery] = RELEVANCE_SET
) -> list[Outcome]:
    """Run every query through ``search`` (a query string to product names, best first)."""
    return [Outcome(query, tuple(search(query.q))) for query in queries]


def figures(outcomes: Sequence[Outcome]) -> Figures:
    """Mean recall@5 and mean reciprocal rank (MRR) over ``outcomes``."""
    count = len(outcomes)
    if not count:
        return Figures(0, 0.0, 0.0)
    recall = sum(o.recall_at_5 for o in outcomes) / count
    mrr = sum(o.reciprocal_rank for o in outcomes) / count
    return Figures(count, recall, mrr)


def by_kind(outcomes: Sequence[Outcome]) -> dict[Kind, Figures]:
    return {
        kind: figures([o for o in outcomes if o.query.kind is kind])
        for kind in Kind
        if any(o.query.kind is kind for o in outcomes)
    }


def report(outcomes: Sequence[Outcome]) -> str:
    """The figures overall and per kind, then each query that missed an expected product."""
    overall = figures(outcomes)
    lines = [
        f"Search relevance: {overall.queries} queries, "
        f"recall@5 {overall.recall_at_5:.3f}, MRR {overall.mrr:.3f}",
        f"  {'kind':<30} {'queries':>7} {'recall@5':>9} {'MRR':>6}",
    ]
    for kind, fig in by_kind(outcomes).items():
        lines.append(f"  {kind:<30} {fig.queries:>7} {fig.recall_at_5:>9.3f} {fig.mrr:>6.3f}")
    misses = [o for o in outcomes if o.recall_at_5 < 1]
    lines.append(f"Queries missing an expected product in the top {TOP}: {len(misses)}")
    for o in misses:
        missing = [name for name in o.query.expected if name not in o.returned[:TOP]]
        got = "; ".join(o.returned[:TOP]) or "(nothing)"
        lines.append(f"  [{o.query.kind}] {o.query.q!r}: missing {missing}; got: {got}")
    return "\n".join(lines)
