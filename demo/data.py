"""Seed data for the demo city: Kota Tangerang Selatan (Banten).

Pure data, standard library only: the seven kecamatan with all 54 kelurahan and their
approximate coordinates, the five product categories, the cooperatives (koperasi) that run
the galleries (galeri UMKM), their member businesses and the products those members consign.
Coordinates are approximate centres (WGS 84, a few hundred metres off at most), good enough
for delivery-fee distances. Prices are whole rupiah at 2025 price levels.

All phone and WhatsApp numbers are made up (subscriber part ``0000xxxx`` / ``0007xxxx``) and
so are the NIB and P-IRT numbers; the P-IRT numbers do use the real layout and the regional
code of Kota Tangerang Selatan (3674).

`scaled_products` generates any number of further plausible products for benchmarks.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class KelurahanData:
    name: str
    lat: float
    lng: float


@dataclass(frozen=True)
class KecamatanData:
    slug: str
    name: str
    lat: float
    lng: float
    kelurahan: tuple[KelurahanData, ...]


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    name_en: str
    description: str
    description_en: str


@dataclass(frozen=True)
class CooperativeData:
    slug: str
    name: str
    legal_type: str
    kecamatan_slug: str
    address: str
    phone: str
    commission_rate_percent: int
    description: str


@dataclass(frozen=True)
class GalleryData:
    slug: str
    name: str
    cooperative_slug: str
    kecamatan_slug: str
    kelurahan_name: str
    address: str
    lat: float
    lng: float
    opening_hours: str
    whatsapp: str
    description: str
    base_fee: int
    per_km_fee: int
    max_radius_km: float


@dataclass(frozen=True)
class MemberData:
    key: str
    cooperative_slug: str
    owner_name: str
    business_name: str
    phone: str
    nib: str | None
    commission_rate_percent: int | None
    kelurahan_name: str
    story: str


@dataclass(frozen=True)
class ProductData:
    name: str
    category_slug: str
    member_key: str
    gallery_slug: str
    price: int
    unit: str
    weight_g: int
    stock: int
    description: str
    is_halal: bool
    pirt_number: str | None
    featured: bool


LEGAL_TYPES: tuple[str, ...] = ("produsen", "konsumen", "pemasaran", "jasa", "simpan_pinjam")
"""The cooperative types of Indonesian cooperative law, as stored in `legal_type`."""

KECAMATAN: tuple[KecamatanData, ...] = (
    KecamatanData(
        slug="serpong",
        name="Serpong",
        lat=-6.3160,
        lng=106.6720,
        kelurahan=(
            KelurahanData("Buaran", -6.3350, 106.6790),
            KelurahanData("Ciater", -6.3260, 106.6890),
            KelurahanData("Cilenggang", -6.3050, 106.6610),
            KelurahanData("Lengkong Gudang", -6.2995, 106.6770),
            KelurahanData("Lengkong Gudang Timur", -6.2930, 106.6880),
            KelurahanData("Lengkong Wetan", -6.2870, 106.6680),
            KelurahanData("Rawa Buntu", -6.3140, 106.6770),
            KelurahanData("Rawa Mekar Jaya", -6.3290, 106.6720),
            KelurahanData("Serpong", -6.3220, 106.6620),
        ),
    ),
    KecamatanData(
        slug="serpong-utara",
        name="Serpong Utara",
        lat=-6.2560,
        lng=106.6650,
        kelurahan=(
            KelurahanData("Jelupang", -6.2700, 106.6540),
            KelurahanData("Lengkong Karya", -6.2620, 106.6690),
            KelurahanData("Paku Jaya", -6.2480, 106.6710),
            KelurahanData("Pakualam", -6.2420, 106.6610),
            KelurahanData("Pakulonan", -6.2400, 106.6500),
            KelurahanData("Pondok Jagung", -6.2700, 106.6650),
            KelurahanData("Pondok Jagung Timur", -6.2670, 106.6780),
        ),
    ),
    KecamatanData(
        slug="ciputat",
        name="Ciputat",
        lat=-6.3120,
        lng=106.7340,
        kelurahan=(
            KelurahanData("Cipayung", -6.3260, 106.7460),
            KelurahanData("Ciputat", -6.3160, 106.7480),
            KelurahanData("Jombang", -6.2960, 106.7250),
            KelurahanData("Sawah", -6.3110, 106.7400),
            KelurahanData("Sawah Baru", -6.3040, 106.7320),
            KelurahanData("Serua", -6.3250, 106.7220),
            KelurahanData("Serua Indah", -6.3120, 106.7210),
        ),
    ),
    KecamatanData(
        slug="ciputat-timur",
        name="Ciputat Timur",
        lat=-6.2930,
        lng=106.7590,
        kelurahan=(
            KelurahanData("Cempaka Putih", -6.3020, 106.7560),
            KelurahanData("Cireundeu", -6.3000, 106.7740),
            KelurahanData("Pisangan", -6.3100, 106.7640),
            KelurahanData("Pondok Ranji", -6.2800, 106.7440),
            KelurahanData("Rempoa", -6.2770, 106.7610),
            KelurahanData("Rengas", -6.2890, 106.7530),
        ),
    ),
    KecamatanData(
        slug="pamulang",
        name="Pamulang",
        lat=-6.3430,
        lng=106.7360,
        kelurahan=(
            KelurahanData("Bambu Apus", -6.3340, 106.7140),
            KelurahanData("Benda Baru", -6.3440, 106.7230),
            KelurahanData("Kedaung", -6.3600, 106.7420),
            KelurahanData("Pamulang Barat", -6.3430, 106.7310),
            KelurahanData("Pamulang Timur", -6.3350, 106.7440),
            KelurahanData("Pondok Benda", -6.3560, 106.7190),
            KelurahanData("Pondok Cabe Ilir", -6.3320, 106.7590),
            KelurahanData("Pondok Cabe Udik", -6.3480, 106.7640),
        ),
    ),
    KecamatanData(
        slug="pondok-aren",
        name="Pondok Aren",
        lat=-6.2690,
        lng=106.7110,
        kelurahan=(
            KelurahanData("Jurang Mangu Barat", -6.2690, 106.7220),
            KelurahanData("Jurang Mangu Timur", -6.2640, 106.7330),
            KelurahanData("Perigi Baru", -6.2870, 106.6930),
            KelurahanData("Perigi Lama", -6.2810, 106.6990),
            KelurahanData("Pondok Aren", -6.2660, 106.7000),
            KelurahanData("Pondok Betung", -6.2560, 106.7380),
            KelurahanData("Pondok Jaya", -6.2760, 106.7080),
            KelurahanData("Pondok Kacang Barat", -6.2740, 106.6870),
            KelurahanData("Pondok Kacang Timur", -6.2590, 106.6960),
            KelurahanData("Pondok Karya", -6.2540, 106.7250),
            KelurahanData("Pondok Pucung", -6.2810, 106.7210),
        ),
    ),
    KecamatanData(
        slug="setu",
        name="Setu",
        lat=-6.3450,
        lng=106.6650,
        kelurahan=(
            KelurahanData("Babakan", -6.3300, 106.6540),
            KelurahanData("Bakti Jaya", -6.3310, 106.6830),
            KelurahanData("Kademangan", -6.3340, 106.6700),
            KelurahanData("Keranggan", -6.3600, 106.6610),
            KelurahanData("Muncul", -6.3600, 106.6770),
            KelurahanData("Setu", -6.3470, 106.6530),
        ),
    ),
)

CATEGORIES: tuple[CategoryData, ...] = (
    CategoryData(
        slug="kuliner",
        name="Kuliner",
        name_en="Food",
        description=(
            "Camilan dan makanan olahan rumahan: keripik, kerupuk, rempeyek, dodol, sambal, dan "
            "kue kering."
        ),
        description_en=(
            "Home-made snacks and preserved foods: chips, crackers, rempeyek, dodol, sambal and "
            "cookies."
        ),
    ),
    CategoryData(
        slug="gula-pemanis",
        name="Gula & Pemanis",
        name_en="Sugar & Sweeteners",
        description=(
            "Gula aren cetak, gula semut, gula aren cair, sirup gula aren, dan madu dari petani "
            "lokal."
        ),
        description_en=(
            "Palm sugar blocks, granulated palm sugar, liquid palm sugar, palm syrup and honey "
            "from local farmers."
        ),
    ),
    CategoryData(
        slug="minuman",
        name="Minuman",
        name_en="Drinks",
        description="Kopi bubuk, teh herbal, sirup buah, jamu, dan minuman rempah tradisional.",
        description_en=(
            "Ground coffee, herbal teas, fruit syrups, jamu and traditional spiced drinks."
        ),
    ),
    CategoryData(
        slug="kerajinan",
        name="Kerajinan",
        name_en="Crafts",
        description=(
            "Anyaman bambu dan pandan, rajutan, gerabah, ecoprint, dan kerajinan daur ulang buatan "
            "tangan."
        ),
        description_en=(
            "Hand-made bamboo and pandan weaving, crochet, pottery, ecoprint and upcycled crafts."
        ),
    ),
    CategoryData(
        slug="fesyen",
        name="Fesyen",
        name_en="Fashion",
        description=(
            "Batik tulis dan cap bermotif khas Tangsel, kain ecoprint, kaos sablon, dan hijab."
        ),
        description_en=(
            "Hand-drawn and stamped batik with Tangsel motifs, ecoprint fabric, screen-printed "
            "T-shirts and hijabs."
        ),
    ),
)

COOPERATIVES: tuple[CooperativeData, ...] = (
    CooperativeData(
        slug="keranggan-mandiri",
        name="Koperasi Produsen Keranggan Mandiri",
        legal_type="produsen",
        kecamatan_slug="setu",
        address="Jl. Kampung Keranggan RT 02/RW 01 No. 8, Keranggan, Setu, Tangerang Selatan",
        phone="+622175870110",
        commission_rate_percent=12,
        description=(
            "Koperasi para perajin dan pengolah pangan di Kampung Wisata Keranggan, tepi Sungai "
            "Cisadane. Dikenal dengan keripik singkong dan pisang, rempeyek, serta anyaman bambu."
        ),
    ),
    CooperativeData(
        slug="kopwan-srikandi-pamulang",
        name="Koperasi Wanita Srikandi Pamulang",
        legal_type="simpan_pinjam",
        kecamatan_slug="pamulang",
        address="Jl. Siliwangi No. 41, Pamulang Barat, Pamulang, Tangerang Selatan",
        phone="+622174630120",
        commission_rate_percent=10,
        description=(
            "Koperasi wanita yang berawal dari simpan pinjam ibu-ibu PKK Pamulang. Kini juga "
            "mengelola galeri untuk kue kering, jamu, sambal, rajutan, dan hijab buatan "
            "anggotanya."
        ),
    ),
    CooperativeData(
        slug="serpong-berkarya",
        name="Koperasi Pemasaran UMKM Serpong Berkarya",
        legal_type="pemasaran",
        kecamatan_slug="serpong",
        address="Jl. Raya Rawa Buntu No. 31, Rawa Buntu, Serpong, Tangerang Selatan",
        phone="+622153160130",
        commission_rate_percent=15,
        description=(
            "Koperasi pemasaran yang menampung produk UMKM Serpong, dari kopi sangrai hingga "
            "ecoprint, dan memasarkannya ke perkantoran dan perumahan di sekitar BSD."
        ),
    ),
    CooperativeData(
        slug="pakualam-sejahtera",
        name="Koperasi Konsumen Pakualam Sejahtera",
        legal_type="konsumen",
        kecamatan_slug="serpong-utara",
        address="Jl. Raya Serpong Km 7 No. 15, Pakualam, Serpong Utara, Tangerang Selatan",
        phone="+622153120140",
        commission_rate_percent=18,
        description=(
            "Koperasi konsumen warga Pakualam yang membuka etalase titip jual untuk usaha rumahan "
            "anggotanya."
        ),
    ),
    CooperativeData(
        slug="ciputat-maju-bersama",
        name="Koperasi Jasa Ciputat Maju Bersama",
        legal_type="jasa",
        kecamatan_slug="ciputat",
        address="Jl. Dewi Sartika No. 66, Ciputat, Tangerang Selatan",
        phone="+622174910150",
        commission_rate_percent=15,
        description=(
            "Koperasi jasa yang membantu UMKM Ciputat mengurus NIB, P-IRT, sertifikat halal, dan "
            "pengemasan. Galerinya berada tak jauh dari Pasar Ciputat."
        ),
    ),
    CooperativeData(
        slug="cireundeu-berdaya",
        name="Koperasi Pemasaran Cireundeu Berdaya",
        legal_type="pemasaran",
        kecamatan_slug="ciputat-timur",
        address="Jl. Cirendeu Raya No. 36, Cireundeu, Ciputat Timur, Tangerang Selatan",
        phone="+622174700160",
        commission_rate_percent=12,
        description=(
            "Koperasi pemasaran di Ciputat Timur yang banyak melayani mahasiswa dan warga sekitar "
            "kampus. Anggotanya membuat gula aren cair, ecoprint, hijab, dan camilan kebun."
        ),
    ),
    CooperativeData(
        slug="pondok-aren-sejahtera",
        name="Koperasi Konsumen Warga Pondok Aren Sejahtera",
        legal_type="konsumen",
        kecamatan_slug="pondok-aren",
        address="Jl. Raya Pondok Aren No. 19, Pondok Aren, Tangerang Selatan",
        phone="+622173880170",
        commission_rate_percent=20,
        description=(
            "Koperasi konsumen terbesar di Pondok Aren, berawal dari warung koperasi warga. "
            "Galerinya menjual sambal, rengginang, rajutan, jamu, dan kaos sablon buatan anggota."
        ),
    ),
    CooperativeData(
        slug="batik-tangsel-lestari",
        name="Koperasi Produsen Perajin Batik Tangsel Lestari",
        legal_type="produsen",
        kecamatan_slug="serpong",
        address="Jl. Raya Lengkong Wetan No. 23, Lengkong Wetan, Serpong, Tangerang Selatan",
        phone="+622153150180",
        commission_rate_percent=15,
        description=(
            "Koperasi para pembatik dan penjahit yang mengembangkan batik khas Tangerang Selatan, "
            "dengan motif anggrek, blandongan, dan Sungai Cisadane."
        ),
    ),
)

GALLERIES: tuple[GalleryData, ...] = (
    GalleryData(
        slug="galeri-umkm-setu",
        name="Galeri UMKM Setu",
        cooperative_slug="keranggan-mandiri",
        kecamatan_slug="setu",
        kelurahan_name="Keranggan",
        address="Jl. Kampung Keranggan No. 12, Keranggan, Setu, Tangerang Selatan",
        lat=-6.3588,
        lng=106.6602,
        opening_hours="Senin–Sabtu 08.00–17.00, Minggu 09.00–14.00",
        whatsapp="+6281200070001",
        description=(
            "Galeri di Kampung Wisata Keranggan yang menjual keripik, gula aren, gerabah, dan "
            "anyaman bambu buatan warga tepi Sungai Cisadane."
        ),
        base_fee=8000,
        per_km_fee=2500,
        max_radius_km=8.0,
    ),
    GalleryData(
        slug="galeri-umkm-puspiptek",
        name="Galeri UMKM Puspiptek",
        cooperative_slug="keranggan-mandiri",
        kecamatan_slug="setu",
        kelurahan_name="Muncul",
        address="Jl. Raya Puspiptek No. 88, Muncul, Setu, Tangerang Selatan",
        lat=-6.3615,
        lng=106.6780,
        opening_hours="Senin–Jumat 08.00–16.00, Sabtu 08.00–12.00",
        whatsapp="+6281200070002",
        description=(
            "Gerai kecil dekat kawasan Puspiptek, tempat pegawai dan tamu kawasan membeli "
            "oleh-oleh khas Setu."
        ),
        base_fee=8000,
        per_km_fee=2500,
        max_radius_km=6.0,
    ),
    GalleryData(
        slug="galeri-umkm-pamulang",
        name="Galeri UMKM Pamulang",
        cooperative_slug="kopwan-srikandi-pamulang",
        kecamatan_slug="pamulang",
        kelurahan_name="Pamulang Barat",
        address="Jl. Siliwangi No. 45, Pamulang Barat, Pamulang, Tangerang Selatan",
        lat=-6.3422,
        lng=106.7322,
        opening_hours="Setiap hari 08.00–20.00",
        whatsapp="+6285700070003",
        description=(
            "Galeri Koperasi Wanita Srikandi dengan kue kering, jamu segar, sambal botolan, "
            "rajutan, dan hijab buatan ibu-ibu Pamulang."
        ),
        base_fee=9000,
        per_km_fee=2500,
        max_radius_km=8.0,
    ),
    GalleryData(
        slug="galeri-umkm-serpong",
        name="Galeri UMKM Serpong",
        cooperative_slug="serpong-berkarya",
        kecamatan_slug="serpong",
        kelurahan_name="Rawa Buntu",
        address="Jl. Raya Rawa Buntu No. 35, Rawa Buntu, Serpong, Tangerang Selatan",
        lat=-6.3130,
        lng=106.6759,
        opening_hours="Senin–Sabtu 09.00–18.00",
        whatsapp="+6281300070004",
        description=(
            "Galeri dekat Stasiun Rawa Buntu yang menjual kopi sangrai, teh herbal, gula semut, "
            "keripik tempe, ecoprint, dan kaos sablon UMKM Serpong."
        ),
        base_fee=10000,
        per_km_fee=3000,
        max_radius_km=10.0,
    ),
    GalleryData(
        slug="galeri-batik-tangsel",
        name="Galeri Batik Tangsel",
        cooperative_slug="batik-tangsel-lestari",
        kecamatan_slug="serpong",
        kelurahan_name="Lengkong Wetan",
        address="Jl. Raya Lengkong Wetan No. 21, Lengkong Wetan, Serpong, Tangerang Selatan",
        lat=-6.2879,
        lng=106.6687,
        opening_hours="Selasa–Minggu 10.00–18.00 (Senin tutup)",
        whatsapp="+6287800070005",
        description=(
            "Ruang pamer batik tulis dan cap bermotif khas Tangsel — anggrek, blandongan, Kali "
            "Cisadane — sekaligus tempat kelas membatik setiap akhir pekan."
        ),
        base_fee=10000,
        per_km_fee=3000,
        max_radius_km=12.0,
    ),
    GalleryData(
        slug="galeri-umkm-serpong-utara",
        name="Galeri UMKM Serpong Utara",
        cooperative_slug="pakualam-sejahtera",
        kecamatan_slug="serpong-utara",
        kelurahan_name="Pakualam",
        address="Jl. Raya Serpong Km 7 No. 12, Pakualam, Serpong Utara, Tangerang Selatan",
        lat=-6.2413,
        lng=106.6619,
        opening_hours="Senin–Sabtu 08.00–17.00",
        whatsapp="+6282100070006",
        description=(
            "Etalase titip jual Koperasi Pakualam Sejahtera: kue kering, madu klanceng, sirup "
            "buah, bir pletok, dan kerajinan daur ulang."
        ),
        base_fee=9000,
        per_km_fee=2500,
        max_radius_km=8.0,
    ),
    GalleryData(
        slug="galeri-umkm-ciputat",
        name="Galeri UMKM Ciputat",
        cooperative_slug="ciputat-maju-bersama",
        kecamatan_slug="ciputat",
        kelurahan_name="Ciputat",
        address="Jl. Dewi Sartika No. 70, Ciputat, Tangerang Selatan",
        lat=-6.3166,
        lng=106.7470,
        opening_hours="Senin–Sabtu 08.00–17.00, Minggu 08.00–12.00",
        whatsapp="+6285200070007",
        description=(
            "Galeri dekat Pasar Ciputat dengan rambak, kue Betawi, abon lele, kopi rempah, jamu "
            "instan, dan kaos sablon."
        ),
        base_fee=8000,
        per_km_fee=2000,
        max_radius_km=7.0,
    ),
    GalleryData(
        slug="galeri-umkm-ciputat-timur",
        name="Galeri UMKM Ciputat Timur",
        cooperative_slug="cireundeu-berdaya",
        kecamatan_slug="ciputat-timur",
        kelurahan_name="Cireundeu",
        address="Jl. Cirendeu Raya No. 40, Cireundeu, Ciputat Timur, Tangerang Selatan",
        lat=-6.2989,
        lng=106.7728,
        opening_hours="Senin–Jumat 09.00–19.00, Sabtu–Minggu 09.00–15.00",
        whatsapp="+6289600070008",
        description=(
            "Galeri Koperasi Cireundeu Berdaya: gula aren cair, teh telang, ecoprint, hijab, "
            "kerajinan batok kelapa, dan camilan dari kebun warga."
        ),
        base_fee=8000,
        per_km_fee=2500,
        max_radius_km=7.0,
    ),
    GalleryData(
        slug="galeri-umkm-pondok-aren",
        name="Galeri UMKM Pondok Aren",
        cooperative_slug="pondok-aren-sejahtera",
        kecamatan_slug="pondok-aren",
        kelurahan_name="Pondok Aren",
        address="Jl. Raya Pondok Aren No. 25, Pondok Aren, Tangerang Selatan",
        lat=-6.2670,
        lng=106.7013,
        opening_hours="Setiap hari 08.00–21.00",
        whatsapp="+6281100070009",
        description=(
            "Galeri koperasi warga Pondok Aren dengan sambal botolan, rengginang, keripik, gula "
            "kelapa, rajutan, jamu, dan kaos sablon kampung Bintaro."
        ),
        base_fee=9000,
        per_km_fee=2500,
        max_radius_km=9.0,
    ),
)

MEMBERS: tuple[MemberData, ...] = (
    MemberData(
        key="bu-sri-keripik",
        cooperative_slug="keranggan-mandiri",
        owner_name="Sri Wahyuni",
        business_name="Keripik Sri Rasa",
        phone="+6281200001001",
        nib="9122038472915",
        commission_rate_percent=None,
        kelurahan_name="Keranggan",
        story=(
            "Sejak 2012 Bu Sri mengolah singkong dari kebun warga Keranggan menjadi keripik tipis "
            "yang digoreng dengan minyak baru setiap hari. Usahanya kini mempekerjakan enam ibu "
            "rumah tangga di sekitar rumahnya."
        ),
    ),
    MemberData(
        key="mak-enah-pisang",
        cooperative_slug="keranggan-mandiri",
        owner_name="Enah Suhaenah",
        business_name="Keripik Pisang Mak Enah",
        phone="+6285700001002",
        nib="9123039510304",
        commission_rate_percent=None,
        kelurahan_name="Keranggan",
        story=(
            "Mak Enah membeli pisang kepok dan pisang tanduk langsung dari petani di tepi Sungai "
            "Cisadane. Keripiknya diiris memanjang dengan alat serut kayu buatan suaminya."
        ),
    ),
    MemberData(
        key="bu-ida-rempeyek",
        cooperative_slug="keranggan-mandiri",
        owner_name="Ida Farida",
        business_name="Rempeyek Bu Ida",
        phone="+6287800001003",
        nib="9124040547693",
        commission_rate_percent=None,
        kelurahan_name="Muncul",
        story=(
            "Bu Ida belajar membuat rempeyek dari ibunya dan kini menerima pesanan hajatan hingga "
            "ke Bogor. Adonannya memakai beras yang digiling sendiri dan daun jeruk dari "
            "pekarangan."
        ),
    ),
    MemberData(
        key="pak-darman-bambu",
        cooperative_slug="keranggan-mandiri",
        owner_name="Darman",
        business_name="Anyaman Bambu Darman",
        phone="+6281300001004",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Keranggan",
        story=(
            "Pak Darman menganyam bambu tali dari rumpun di bantaran Cisadane sejak remaja. "
            "Bersama empat perajin lain ia membuat perabot dapur dan keranjang yang awet dipakai "
            "bertahun-tahun."
        ),
    ),
    MemberData(
        key="kang-ujang-gerabah",
        cooperative_slug="keranggan-mandiri",
        owner_name="Ujang Supriatna",
        business_name="Gerabah Cisadane",
        phone="+6282100001005",
        nib="9122042622471",
        commission_rate_percent=None,
        kelurahan_name="Setu",
        story=(
            "Kang Ujang membentuk tanah liat dengan tangan di atas perbot putar dan membakarnya di "
            "tungku kayu di belakang rumah. Ia juga mengajar anak-anak sekolah yang berkunjung ke "
            "Setu."
        ),
    ),
    MemberData(
        key="bu-yati-emping",
        cooperative_slug="keranggan-mandiri",
        owner_name="Suryati",
        business_name="Emping Melinjo Yati",
        phone="+6289600001006",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Babakan",
        story=(
            "Bu Yati memipihkan biji melinjo satu per satu dengan palu besi di atas batu, cara "
            "yang ia pelajari di kampung halamannya di Pandeglang."
        ),
    ),
    MemberData(
        key="kang-mamat-aren",
        cooperative_slug="keranggan-mandiri",
        owner_name="Rahmat Hidayat",
        business_name="Gula Aren Kang Mamat",
        phone="+6285200001007",
        nib="9124044697249",
        commission_rate_percent=None,
        kelurahan_name="Bakti Jaya",
        story=(
            "Kang Mamat mengambil gula aren dari petani penyadap di Lebak dan mengolahnya menjadi "
            "gula semut di rumah produksinya di Bakti Jaya. Ia membayar petani di atas harga "
            "tengkulak."
        ),
    ),
    MemberData(
        key="bu-iis-pandan",
        cooperative_slug="keranggan-mandiri",
        owner_name="Iis Aisyah",
        business_name="Anyaman Pandan Iis",
        phone="+6283800001008",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Kademangan",
        story=(
            "Bu Iis dan tetangganya menganyam daun pandan duri yang dijemur dan diwarnai sendiri. "
            "Satu tikar besar selesai dalam empat hari kerja."
        ),
    ),
    MemberData(
        key="bu-rina-kue",
        cooperative_slug="kopwan-srikandi-pamulang",
        owner_name="Rina Marlina",
        business_name="Dapur Rina",
        phone="+6281200001009",
        nib="9122046772027",
        commission_rate_percent=None,
        kelurahan_name="Pamulang Barat",
        story=(
            "Bu Rina mulai memanggang kue kering Lebaran di dapur rumahnya pada 2016. Ia memakai "
            "mentega asli dan selai nanas buatan sendiri, dan pesanan hampers-nya selalu ramai "
            "tiap Ramadan."
        ),
    ),
    MemberData(
        key="mbok-tuti-jamu",
        cooperative_slug="kopwan-srikandi-pamulang",
        owner_name="Tuti Haryati",
        business_name="Jamu Mbok Tuti",
        phone="+6285700001010",
        nib="9123047809416",
        commission_rate_percent=None,
        kelurahan_name="Pondok Cabe Ilir",
        story=(
            "Resep jamu Bu Tuti diwariskan dari neneknya di Sukoharjo. Setiap subuh ia memarut "
            "kunyit, kencur, dan temulawak segar sendiri, tanpa pemanis buatan."
        ),
    ),
    MemberData(
        key="bu-nur-sambal",
        cooperative_slug="kopwan-srikandi-pamulang",
        owner_name="Nurhayati",
        business_name="Sambal Nyonya Nur",
        phone="+6281300001011",
        nib="9124048846805",
        commission_rate_percent=None,
        kelurahan_name="Benda Baru",
        story=(
            "Bu Nur dulu berjualan nasi uduk di Benda Baru; pelanggannya terus menanyakan "
            "sambalnya, sampai akhirnya ia membotolkan sambal itu pada 2019."
        ),
    ),
    MemberData(
        key="bu-lina-rajut",
        cooperative_slug="kopwan-srikandi-pamulang",
        owner_name="Lina Kurniasih",
        business_name="Lina Rajut",
        phone="+6287700001012",
        nib="9125049884194",
        commission_rate_percent=None,
        kelurahan_name="Pamulang Timur",
        story=(
            "Bu Lina merajut sambil menunggu anaknya pulang sekolah, lalu mengajak sepuluh ibu di "
            "RT-nya bergabung. Semua tas dirajut tangan dengan benang nilon dan katun susu."
        ),
    ),
    MemberData(
        key="bu-dewi-hijab",
        cooperative_slug="kopwan-srikandi-pamulang",
        owner_name="Dewi Anggraini",
        business_name="Anggun Hijab",
        phone="+6282200001013",
        nib="9122050921583",
        commission_rate_percent=None,
        kelurahan_name="Pondok Benda",
        story=(
            "Bu Dewi memotong, mengobras, dan menjahit sendiri hijab dari kain voal dan jersey. Ia "
            "kini mempekerjakan dua penjahit tetangga."
        ),
    ),
    MemberData(
        key="mpok-fitri-dodol",
        cooperative_slug="kopwan-srikandi-pamulang",
        owner_name="Fitriani",
        business_name="Dodol Betawi Mpok Fitri",
        phone="+6281200001014",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Kedaung",
        story=(
            "Mpok Fitri mengaduk dodol di kuali besar di atas kayu bakar selama delapan jam, "
            "seperti yang keluarganya lakukan turun-temurun menjelang Lebaran."
        ),
    ),
    MemberData(
        key="bu-siti-kerupuk",
        cooperative_slug="kopwan-srikandi-pamulang",
        owner_name="Siti Aminah",
        business_name="Kerupuk Ikan Bu Siti",
        phone="+6285800001015",
        nib="9124052996361",
        commission_rate_percent=None,
        kelurahan_name="Bambu Apus",
        story=(
            "Bu Siti membuat kerupuk dari ikan tenggiri segar yang dibelinya di Muara Angke. "
            "Adonan dikukus, diiris, lalu dijemur dua hari di halaman rumah."
        ),
    ),
    MemberData(
        key="pak-hendra-kopi",
        cooperative_slug="serpong-berkarya",
        owner_name="Hendra Gunawan",
        business_name="Kopi Lengkong",
        phone="+6281100001016",
        nib="9125054033750",
        commission_rate_percent=None,
        kelurahan_name="Lengkong Gudang",
        story=(
            "Pak Hendra menyangrai kopi robusta Pandeglang dan arabika Jawa Barat dengan mesin "
            "sangrai 1 kg di garasinya. Ia menyangrai dua kali seminggu agar kopi yang dijual "
            "selalu segar."
        ),
    ),
    MemberData(
        key="bu-maya-ecoprint",
        cooperative_slug="serpong-berkarya",
        owner_name="Maya Puspitasari",
        business_name="Maya Ecoprint",
        phone="+6281300001017",
        nib="9122055071139",
        commission_rate_percent=None,
        kelurahan_name="Ciater",
        story=(
            "Bu Maya belajar ecoprint dari pelatihan Dinas Koperasi pada 2020. Daun jati, jarak "
            "kepyar, dan kenikir dipetik dari kebun sekitar Ciater lalu dikukus bersama kain."
        ),
    ),
    MemberData(
        key="mas-rizky-sablon",
        cooperative_slug="serpong-berkarya",
        owner_name="Rizky Pratama",
        business_name="Rawa Buntu Print",
        phone="+6289500001018",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Rawa Buntu",
        story=(
            "Rizky, lulusan SMK desain grafis, membuka usaha sablon manual di rumah kontrakannya. "
            "Desainnya mengangkat ikon-ikon Tangerang Selatan."
        ),
    ),
    MemberData(
        key="bu-endang-aren",
        cooperative_slug="serpong-berkarya",
        owner_name="Endang Kusmiati",
        business_name="Endang Aren",
        phone="+6285600001019",
        nib="9124057145917",
        commission_rate_percent=None,
        kelurahan_name="Buaran",
        story=(
            "Bu Endang mengemas gula semut dari kelompok tani aren di Cibeber, Lebak, dan "
            "mengembangkan varian rasa rempah yang diracik sendiri."
        ),
    ),
    MemberData(
        key="bu-ani-teh",
        cooperative_slug="serpong-berkarya",
        owner_name="Ani Rohani",
        business_name="Teh Herbal Ani",
        phone="+6281200001020",
        nib="9125058183306",
        commission_rate_percent=None,
        kelurahan_name="Cilenggang",
        story=(
            "Bu Ani menanam rosela, telang, dan serai di pekarangan seluas 200 meter persegi. "
            "Bunga dan daun dipetik pagi hari lalu dikeringkan dengan oven bersuhu rendah."
        ),
    ),
    MemberData(
        key="pak-joko-tempe",
        cooperative_slug="serpong-berkarya",
        owner_name="Joko Susilo",
        business_name="Keripik Tempe Pak Joko",
        phone="+6282300001021",
        nib="9122059220695",
        commission_rate_percent=12,
        kelurahan_name="Serpong",
        story=(
            "Pak Joko membuat tempe sendiri dari kedelai lokal, lalu mengirisnya setipis kertas "
            "untuk keripik. Usaha ini ia rintis setelah pensiun dari pabrik di Cikupa."
        ),
    ),
    MemberData(
        key="yuli-cookies",
        cooperative_slug="pakualam-sejahtera",
        owner_name="Yuliana",
        business_name="Yuli Cookies",
        phone="+6281900001022",
        nib="9123060258084",
        commission_rate_percent=None,
        kelurahan_name="Pakualam",
        story=(
            "Yuli mulai berjualan kue kering lewat grup WhatsApp perumahan saat pandemi. Kini ia "
            "memanggang setiap pagi di dapur rumahnya di Pakualam."
        ),
    ),
    MemberData(
        key="pak-agus-sirup",
        cooperative_slug="pakualam-sejahtera",
        owner_name="Agus Setiawan",
        business_name="Sirup Markisa Agus",
        phone="+6281700001023",
        nib="9124061295473",
        commission_rate_percent=None,
        kelurahan_name="Jelupang",
        story=(
            "Pak Agus mengolah markisa ungu dari kebun keluarganya di Garut menjadi sirup tanpa "
            "pewarna. Botol kacanya dicuci dan disterilkan sendiri."
        ),
    ),
    MemberData(
        key="wiwin-basreng",
        cooperative_slug="pakualam-sejahtera",
        owner_name="Winda Lestari",
        business_name="Basreng Wiwin",
        phone="+6289900001024",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Pondok Jagung",
        story=(
            "Winda menjual basreng dan makaroni pedas ke anak sekolah dan mahasiswa. Semua "
            "dibumbui sendiri dengan cabai kering yang digiling di rumah."
        ),
    ),
    MemberData(
        key="bu-ratna-daur-ulang",
        cooperative_slug="pakualam-sejahtera",
        owner_name="Ratna Sari",
        business_name="Ratna Kriya Daur Ulang",
        phone="+6285700001025",
        nib="9122063370251",
        commission_rate_percent=None,
        kelurahan_name="Paku Jaya",
        story=(
            "Bu Ratna mengubah koran bekas dan sisa kain konveksi menjadi keranjang, keset, dan "
            "hiasan rumah. Bank sampah RW-nya memasok bahan setiap minggu."
        ),
    ),
    MemberData(
        key="pak-dedi-madu",
        cooperative_slug="pakualam-sejahtera",
        owner_name="Dedi Kurniawan",
        business_name="Madu Klanceng Pakulonan",
        phone="+6281300001026",
        nib="9123064407640",
        commission_rate_percent=None,
        kelurahan_name="Pakulonan",
        story=(
            "Pak Dedi memelihara lebah klanceng di 60 kotak stup di pekarangan dan kebun warga. "
            "Madu dipanen dengan alat sedot agar sarang tidak rusak."
        ),
    ),
    MemberData(
        key="mpok-heni-pletok",
        cooperative_slug="pakualam-sejahtera",
        owner_name="Heni Rohaeni",
        business_name="Bir Pletok Mpok Heni",
        phone="+6287800001027",
        nib="9124065445029",
        commission_rate_percent=None,
        kelurahan_name="Pondok Jagung Timur",
        story=(
            "Mpok Heni menjual bir pletok, minuman rempah Betawi tanpa alkohol, di bazar-bazar "
            "Tangsel sejak 2015. Kayu secangnya direbus sampai airnya merah pekat."
        ),
    ),
    MemberData(
        key="bu-nani-abon",
        cooperative_slug="ciputat-maju-bersama",
        owner_name="Nani Suryani",
        business_name="Dapur Nani",
        phone="+6281200001028",
        nib="9125066482418",
        commission_rate_percent=None,
        kelurahan_name="Serua",
        story=(
            "Bu Nani mengolah lele dari kolam budidaya tetangganya di Serua menjadi abon, dan "
            "membuat bumbu pecel dari kacang sangrai untuk warung-warung sekitar."
        ),
    ),
    MemberData(
        key="pak-rohman-rambak",
        cooperative_slug="ciputat-maju-bersama",
        owner_name="Abdul Rohman",
        business_name="Rambak Rohman",
        phone="+6285200001029",
        nib="9122067519807",
        commission_rate_percent=None,
        kelurahan_name="Sawah Baru",
        story=(
            "Pak Rohman mengolah kulit sapi menjadi kerupuk rambak: kulit direbus, dijemur, lalu "
            "digoreng dua kali agar mekar sempurna."
        ),
    ),
    MemberData(
        key="bu-lilis-kue-betawi",
        cooperative_slug="ciputat-maju-bersama",
        owner_name="Lilis Suryani",
        business_name="Kue Betawi Bu Lilis",
        phone="+6281300001030",
        nib="9123068557196",
        commission_rate_percent=None,
        kelurahan_name="Jombang",
        story=(
            "Bu Lilis membuat kue-kue Betawi seperti kembang goyang dan kue satu dengan cetakan "
            "kuningan warisan neneknya."
        ),
    ),
    MemberData(
        key="pak-iwan-kopi",
        cooperative_slug="ciputat-maju-bersama",
        owner_name="Iwan Setiawan",
        business_name="Kopi Pak Iwan",
        phone="+6282100001031",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Cipayung",
        story=(
            "Pak Iwan membuka kedai kopi kecil di Cipayung dan menyangrai sendiri liberika dan "
            "robusta dari petani Banten dan Lampung."
        ),
    ),
    MemberData(
        key="bu-euis-jamu",
        cooperative_slug="ciputat-maju-bersama",
        owner_name="Euis Sumiati",
        business_name="Jamu Instan Serua",
        phone="+6285700001032",
        nib="9125070631974",
        commission_rate_percent=None,
        kelurahan_name="Serua Indah",
        story=(
            "Bu Euis mengkristalkan jahe, temulawak, dan kunyit menjadi jamu instan di dapur "
            "produksi bersertifikat P-IRT."
        ),
    ),
    MemberData(
        key="mas-fajar-sablon",
        cooperative_slug="ciputat-maju-bersama",
        owner_name="Fajar Nugroho",
        business_name="Ciputat Nyablon",
        phone="+6289600001033",
        nib="9122071669363",
        commission_rate_percent=None,
        kelurahan_name="Ciputat",
        story=(
            "Fajar dan dua temannya menyablon kaos pesanan kampus dan komunitas, lalu membuat "
            "desain sendiri bertema Ciputat dan Betawi."
        ),
    ),
    MemberData(
        key="mak-wati-camilan",
        cooperative_slug="cireundeu-berdaya",
        owner_name="Suwarti",
        business_name="Camilan Mak Wati",
        phone="+6281200001034",
        nib="9123072706752",
        commission_rate_percent=None,
        kelurahan_name="Cireundeu",
        story=(
            "Mak Wati memanfaatkan hasil kebun warga Cireundeu—talas, bayam, sukun, dan "
            "singkong—untuk camilan goreng yang dijual di warung-warung sekitar kampus."
        ),
    ),
    MemberData(
        key="bu-yanti-ecoprint",
        cooperative_slug="cireundeu-berdaya",
        owner_name="Yanti Mulyani",
        business_name="Rengas Ecoprint",
        phone="+6281300001035",
        nib="9124073744141",
        commission_rate_percent=None,
        kelurahan_name="Rengas",
        story=(
            "Bu Yanti membuat ecoprint di atas sutra, katun, dan kulit domba dengan teknik kukus "
            "dan pukul. Pewarna alamnya dari kayu tingi, secang, dan jolawe."
        ),
    ),
    MemberData(
        key="pak-haris-aren",
        cooperative_slug="cireundeu-berdaya",
        owner_name="Haris Munandar",
        business_name="Aren Rempoa",
        phone="+6285200001036",
        nib="9125074781530",
        commission_rate_percent=None,
        kelurahan_name="Rempoa",
        story=(
            "Pak Haris bekerja sama dengan penyadap aren di Lebak dan mengolah gula aren menjadi "
            "gula cair dan sirup di dapur produksinya di Rempoa."
        ),
    ),
    MemberData(
        key="mira-hijab",
        cooperative_slug="cireundeu-berdaya",
        owner_name="Mira Rahmawati",
        business_name="Mira Hijab",
        phone="+6287700001037",
        nib="9122075818919",
        commission_rate_percent=None,
        kelurahan_name="Pisangan",
        story=(
            "Mira, alumni UIN Jakarta, merancang hijab bermotif khas Tangsel dan menjualnya ke "
            "sesama mahasiswi. Motifnya dicetak pada voal dan dijahit penjahit di Pisangan."
        ),
    ),
    MemberData(
        key="pak-slamet-batok",
        cooperative_slug="cireundeu-berdaya",
        owner_name="Slamet Widodo",
        business_name="Kriya Batok Ranji",
        phone="+6281500001038",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Pondok Ranji",
        story=(
            "Pak Slamet mengumpulkan batok kelapa dari pedagang kelapa parut di pasar, lalu "
            "mengamplas dan mengukirnya menjadi perabot dan hiasan."
        ),
    ),
    MemberData(
        key="bu-ika-telang",
        cooperative_slug="cireundeu-berdaya",
        owner_name="Ika Nurjanah",
        business_name="Telang Cempaka",
        phone="+6281200001039",
        nib="9124077893697",
        commission_rate_percent=None,
        kelurahan_name="Cempaka Putih",
        story=(
            "Bu Ika menanam bunga telang di pagar rumah-rumah tetangganya dan membeli hasil "
            "petikannya. Dari situ lahir teh celup dan sirup telang."
        ),
    ),
    MemberData(
        key="ratih-kripik",
        cooperative_slug="pondok-aren-sejahtera",
        owner_name="Ratih Kusuma",
        business_name="Kripik Ratih",
        phone="+6281300001040",
        nib="9125078931086",
        commission_rate_percent=None,
        kelurahan_name="Pondok Kacang Timur",
        story=(
            "Ratih berhenti bekerja kantoran pada 2021 untuk mengurus anak dan memulai usaha "
            "keripik dari dapur. Kini ia memasok tiga minimarket di Bintaro."
        ),
    ),
    MemberData(
        key="bang-samsul-rengginang",
        cooperative_slug="pondok-aren-sejahtera",
        owner_name="Samsul Bahri",
        business_name="Rengginang Bang Samsul",
        phone="+6285700001041",
        nib="9122079968475",
        commission_rate_percent=None,
        kelurahan_name="Pondok Betung",
        story=(
            "Bang Samsul, warga Betawi asli Pondok Betung, meneruskan usaha rengginang dan wajik "
            "ibunya. Ketan dijemur di atas anyaman bambu di atap rumah."
        ),
    ),
    MemberData(
        key="mpok-yayah-sambal",
        cooperative_slug="pondok-aren-sejahtera",
        owner_name="Siti Rohayah",
        business_name="Sambal Mpok Yayah",
        phone="+6287800001042",
        nib="9123081005864",
        commission_rate_percent=None,
        kelurahan_name="Perigi Lama",
        story=(
            "Mpok Yayah memasak sambal dalam wajan besar setiap Senin dan Kamis; sambal terasi dan "
            "sambal bajaknya jadi langganan warung nasi di Perigi."
        ),
    ),
    MemberData(
        key="erna-knit",
        cooperative_slug="pondok-aren-sejahtera",
        owner_name="Erna Wulandari",
        business_name="Erna Knit",
        phone="+6281200001043",
        nib=None,
        commission_rate_percent=None,
        kelurahan_name="Jurang Mangu Timur",
        story=(
            "Erna belajar merajut dari video daring saat pandemi, lalu membuka kelas rajut untuk "
            "ibu-ibu di Jurang Mangu Timur."
        ),
    ),
    MemberData(
        key="bu-ningsih-jamu",
        cooperative_slug="pondok-aren-sejahtera",
        owner_name="Sri Ningsih",
        business_name="Jamu Ningsih",
        phone="+6285200001044",
        nib="9125083080642",
        commission_rate_percent=None,
        kelurahan_name="Pondok Pucung",
        story=(
            "Bu Ningsih dulu berjualan jamu gendong keliling Pondok Pucung; kini jamunya "
            "dibotolkan dan dititipkan di galeri."
        ),
    ),
    MemberData(
        key="mas-dimas-sablon",
        cooperative_slug="pondok-aren-sejahtera",
        owner_name="Dimas Aditya",
        business_name="Kaos Kampung Bintaro",
        phone="+6289800001045",
        nib="9122084118031",
        commission_rate_percent=None,
        kelurahan_name="Pondok Karya",
        story=(
            "Dimas menggambar sendiri ilustrasi stasiun, pasar, dan kampung di sekitar Bintaro, "
            "lalu menyablonnya di kaos katun lokal."
        ),
    ),
    MemberData(
        key="bu-tati-gula",
        cooperative_slug="pondok-aren-sejahtera",
        owner_name="Tati Rusmiati",
        business_name="Gula Kelapa Bu Tati",
        phone="+6281300001046",
        nib="9123085155420",
        commission_rate_percent=None,
        kelurahan_name="Pondok Jaya",
        story=(
            "Bu Tati berasal dari Banyumas dan mendatangkan gula kelapa dari saudara-saudaranya "
            "yang menderes di sana, lalu mengemasnya di Pondok Jaya."
        ),
    ),
    MemberData(
        key="bu-hartini-batik",
        cooperative_slug="batik-tangsel-lestari",
        owner_name="Hartini",
        business_name="Batik Tulis Hartini",
        phone="+6281200001047",
        nib="9124086192809",
        commission_rate_percent=10,
        kelurahan_name="Lengkong Wetan",
        story=(
            "Bu Hartini, pembatik asal Lasem, menetap di Serpong dan mengajar membatik sejak 2011. "
            "Satu lembar batik tulisnya dikerjakan tiga sampai enam minggu."
        ),
    ),
    MemberData(
        key="pak-sugeng-batik-cap",
        cooperative_slug="batik-tangsel-lestari",
        owner_name="Sugeng Riyanto",
        business_name="Batik Cap Cisadane",
        phone="+6285700001048",
        nib="9125087230198",
        commission_rate_percent=None,
        kelurahan_name="Rawa Mekar Jaya",
        story=(
            "Pak Sugeng membuat sendiri canting cap tembaga bermotif anggrek dan blandongan. "
            "Bengkel batiknya di Rawa Mekar Jaya mempekerjakan delapan orang."
        ),
    ),
    MemberData(
        key="bu-purwati-konveksi",
        cooperative_slug="batik-tangsel-lestari",
        owner_name="Purwati",
        business_name="Konveksi Batik Purwati",
        phone="+6282200001049",
        nib="9122088267587",
        commission_rate_percent=None,
        kelurahan_name="Serpong",
        story=(
            "Bu Purwati menjahit kain batik anggota koperasi menjadi kemeja, blus, dan daster "
            "dengan lima penjahit di rumahnya."
        ),
    ),
    MemberData(
        key="bu-nining-ecoprint",
        cooperative_slug="batik-tangsel-lestari",
        owner_name="Nining Sumarni",
        business_name="Lengkong Ecoprint",
        phone="+6281300001050",
        nib=None,
        commission_rate_percent=12,
        kelurahan_name="Lengkong Gudang Timur",
        story=(
            "Bu Nining, guru seni yang kini pensiun, membuat ecoprint dari daun jarak dan kenikir "
            "dengan pewarna alam."
        ),
    ),
    MemberData(
        key="bu-sumi-hijab-batik",
        cooperative_slug="batik-tangsel-lestari",
        owner_name="Sumiati",
        business_name="Hijab Batik Sumi",
        phone="+6287700001051",
        nib="9124090342365",
        commission_rate_percent=None,
        kelurahan_name="Buaran",
        story=(
            "Bu Sumi memanfaatkan kain batik cap koperasi untuk hijab, sarung, dan kerajinan dari "
            "perca batik."
        ),
    ),
)

PRODUCTS: tuple[ProductData, ...] = (
    ProductData(
        name="Keripik Singkong Balado Pedas",
        category_slug="kuliner",
        member_key="bu-sri-keripik",
        gallery_slug="galeri-umkm-setu",
        price=18000,
        unit="bungkus 250 g",
        weight_g=290,
        stock=43,
        description=(
            "Singkong Keranggan diiris tipis, digoreng renyah, lalu dibalur bumbu balado dari "
            "cabai merah keriting dan bawang. Pedasnya nendang tapi tidak bikin seret."
        ),
        is_halal=True,
        pirt_number="2153674010101-27",
        featured=True,
    ),
    ProductData(
        name="Keripik Singkong Original Gurih",
        category_slug="kuliner",
        member_key="bu-sri-keripik",
        gallery_slug="galeri-umkm-setu",
        price=15000,
        unit="bungkus 250 g",
        weight_g=290,
        stock=49,
        description=(
            "Keripik singkong polos dengan bumbu bawang putih dan garam secukupnya. Cocok untuk "
            "teman makan bakso atau dicocol sambal."
        ),
        is_halal=True,
        pirt_number="2153674020101-30",
        featured=False,
    ),
    ProductData(
        name="Keripik Singkong Pedas Daun Jeruk",
        category_slug="kuliner",
        member_key="bu-sri-keripik",
        gallery_slug="galeri-umkm-setu",
        price=19000,
        unit="bungkus 250 g",
        weight_g=290,
        stock=19,
        description=(
            "Keripik singkong pedas dengan irisan daun jeruk purut yang ikut digoreng, aromanya "
            "harum dan segar."
        ),
        is_halal=True,
        pirt_number="2153674030101-27",
        featured=False,
    ),
    ProductData(
        name="Keripik Singkong Keju",
        category_slug="kuliner",
        member_key="bu-sri-keripik",
        gallery_slug="galeri-umkm-setu",
        price=17000,
        unit="bungkus 200 g",
        weight_g=240,
        stock=31,
        description="Keripik singkong bertabur bumbu keju yang asin-gurih, favorit anak-anak.",
        is_halal=True,
        pirt_number="2153674040101-30",
        featured=False,
    ),
    ProductData(
        name="Keripik Singkong Balado Pedas 1 kg",
        category_slug="kuliner",
        member_key="bu-sri-keripik",
        gallery_slug="galeri-umkm-puspiptek",
        price=62000,
        unit="kantong 1 kg",
        weight_g=1080,
        stock=44,
        description=(
            "Kemasan curah untuk warung dan acara kantor; rasanya sama dengan kemasan 250 g, "
            "harganya lebih hemat."
        ),
        is_halal=True,
        pirt_number="2153674050101-28",
        featured=False,
    ),
    ProductData(
        name="Keripik Pisang Manis Gula Aren",
        category_slug="kuliner",
        member_key="mak-enah-pisang",
        gallery_slug="galeri-umkm-setu",
        price=18000,
        unit="bungkus 200 g",
        weight_g=240,
        stock=12,
        description=(
            "Pisang kepok mengkal diiris memanjang, digoreng, lalu dilapisi karamel gula aren. "
            "Manisnya legit dan tidak lengket di tangan."
        ),
        is_halal=True,
        pirt_number="2143674010138-30",
        featured=True,
    ),
    ProductData(
        name="Keripik Pisang Cokelat",
        category_slug="kuliner",
        member_key="mak-enah-pisang",
        gallery_slug="galeri-umkm-setu",
        price=22000,
        unit="bungkus 200 g",
        weight_g=240,
        stock=0,
        description=(
            "Keripik pisang tanduk berbalut bubuk cokelat. Renyah, manis, dengan sedikit pahit "
            "khas cokelat."
        ),
        is_halal=True,
        pirt_number="2143674020138-27",
        featured=False,
    ),
    ProductData(
        name="Keripik Pisang Asin Gurih",
        category_slug="kuliner",
        member_key="mak-enah-pisang",
        gallery_slug="galeri-umkm-setu",
        price=17000,
        unit="bungkus 250 g",
        weight_g=290,
        stock=10,
        description=(
            "Pisang kepok diiris bulat tipis dan digoreng dengan sedikit garam. Tidak terlalu "
            "manis, pas untuk camilan sore."
        ),
        is_halal=True,
        pirt_number="2143674030138-27",
        featured=False,
    ),
    ProductData(
        name="Keripik Pisang Balado",
        category_slug="kuliner",
        member_key="mak-enah-pisang",
        gallery_slug="galeri-umkm-setu",
        price=19000,
        unit="bungkus 200 g",
        weight_g=240,
        stock=57,
        description="Perpaduan manis pisang dan pedas bumbu balado, renyah sampai remah terakhir.",
        is_halal=True,
        pirt_number="2143674040138-28",
        featured=False,
    ),
    ProductData(
        name="Sale Pisang Goreng",
        category_slug="kuliner",
        member_key="mak-enah-pisang",
        gallery_slug="galeri-umkm-puspiptek",
        price=25000,
        unit="kotak 250 g",
        weight_g=300,
        stock=32,
        description=(
            "Pisang raja dijemur dua hari, lalu dibalut tepung tipis dan digoreng. Legit dan "
            "kenyal, tanpa pengawet."
        ),
        is_halal=True,
        pirt_number="4143674050138-27",
        featured=False,
    ),
    ProductData(
        name="Rempeyek Kacang Tanah",
        category_slug="kuliner",
        member_key="bu-ida-rempeyek",
        gallery_slug="galeri-umkm-puspiptek",
        price=30000,
        unit="toples 250 g",
        weight_g=450,
        stock=34,
        description=(
            "Rempeyek tipis berisi kacang tanah utuh dengan adonan tepung beras, kencur, dan daun "
            "jeruk. Dikemas dalam toples agar tidak remuk."
        ),
        is_halal=True,
        pirt_number="2063674010175-27",
        featured=False,
    ),
    ProductData(
        name="Rempeyek Teri Medan",
        category_slug="kuliner",
        member_key="bu-ida-rempeyek",
        gallery_slug="galeri-umkm-puspiptek",
        price=38000,
        unit="toples 250 g",
        weight_g=450,
        stock=47,
        description=(
            "Rempeyek dengan ikan teri Medan yang gurih dan renyah, cocok dengan nasi hangat dan "
            "sayur asem."
        ),
        is_halal=True,
        pirt_number="2063674020175-27",
        featured=False,
    ),
    ProductData(
        name="Rempeyek Kacang Hijau",
        category_slug="kuliner",
        member_key="bu-ida-rempeyek",
        gallery_slug="galeri-umkm-puspiptek",
        price=30000,
        unit="toples 250 g",
        weight_g=450,
        stock=43,
        description=(
            "Kacang hijau kupas ditabur rapat di atas adonan rempeyek, hasilnya renyah dan wangi "
            "bawang."
        ),
        is_halal=True,
        pirt_number="2063674030175-27",
        featured=False,
    ),
    ProductData(
        name="Rempeyek Udang Rebon",
        category_slug="kuliner",
        member_key="bu-ida-rempeyek",
        gallery_slug="galeri-umkm-puspiptek",
        price=35000,
        unit="toples 250 g",
        weight_g=450,
        stock=57,
        description=(
            "Udang rebon kering dari pesisir Banten memberi rasa gurih laut pada rempeyek tipis "
            "ini."
        ),
        is_halal=True,
        pirt_number="2063674040175-28",
        featured=False,
    ),
    ProductData(
        name="Rengginang Ketan Terasi Mentah",
        category_slug="kuliner",
        member_key="bu-ida-rempeyek",
        gallery_slug="galeri-umkm-puspiptek",
        price=16000,
        unit="bungkus 250 g",
        weight_g=280,
        stock=57,
        description=(
            "Rengginang mentah dari ketan putih berbumbu terasi; goreng di minyak panas sampai "
            "mekar."
        ),
        is_halal=True,
        pirt_number="2063674050175-28",
        featured=False,
    ),
    ProductData(
        name="Keranjang Anyaman Bambu Serbaguna",
        category_slug="kerajinan",
        member_key="pak-darman-bambu",
        gallery_slug="galeri-umkm-setu",
        price=45000,
        unit="pcs (diameter 30 cm)",
        weight_g=600,
        stock=2,
        description=(
            "Keranjang bambu tali yang dianyam rapat dengan bibir dililit rotan. Kuat untuk "
            "belanja ke pasar atau wadah buah."
        ),
        is_halal=False,
        pirt_number=None,
        featured=True,
    ),
    ProductData(
        name="Tampah Bambu Diameter 50 cm",
        category_slug="kerajinan",
        member_key="pak-darman-bambu",
        gallery_slug="galeri-umkm-setu",
        price=35000,
        unit="pcs",
        weight_g=500,
        stock=24,
        description="Tampah tradisional untuk menampi beras, menjemur kerupuk, atau alas tumpeng.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Bakul Nasi Anyaman Bambu",
        category_slug="kerajinan",
        member_key="pak-darman-bambu",
        gallery_slug="galeri-umkm-setu",
        price=30000,
        unit="pcs",
        weight_g=300,
        stock=9,
        description=(
            "Bakul nasi beranyaman rapat yang menjaga nasi tetap pulen dan tidak cepat basi."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Tudung Saji Bambu",
        category_slug="kerajinan",
        member_key="pak-darman-bambu",
        gallery_slug="galeri-umkm-setu",
        price=55000,
        unit="pcs (diameter 45 cm)",
        weight_g=450,
        stock=22,
        description=(
            "Tudung saji anyaman bambu berlapis pernis bening, melindungi makanan dari lalat tanpa "
            "membuatnya lembap."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kap Lampu Anyaman Bambu",
        category_slug="kerajinan",
        member_key="pak-darman-bambu",
        gallery_slug="galeri-umkm-puspiptek",
        price=125000,
        unit="pcs (diameter 35 cm)",
        weight_g=700,
        stock=0,
        description=(
            "Kap lampu gantung dengan pola anyaman kepang yang memantulkan cahaya hangat berpola "
            "di dinding. Fitting lampu tidak termasuk."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Besek Bambu 15 cm Isi 10",
        category_slug="kerajinan",
        member_key="pak-darman-bambu",
        gallery_slug="galeri-umkm-puspiptek",
        price=25000,
        unit="pak 10 pcs",
        weight_g=600,
        stock=16,
        description=(
            "Besek bambu 15 × 15 cm untuk hantaran, kue, atau daging kurban pengganti kantong "
            "plastik."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Pot Gerabah Tanah Liat 20 cm",
        category_slug="kerajinan",
        member_key="kang-ujang-gerabah",
        gallery_slug="galeri-umkm-setu",
        price=35000,
        unit="pcs",
        weight_g=1800,
        stock=13,
        description=(
            "Pot tanah liat bakar dengan lubang drainase; pori-porinya menjaga akar tanaman tetap "
            "sejuk."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kendi Gerabah Air Minum",
        category_slug="kerajinan",
        member_key="kang-ujang-gerabah",
        gallery_slug="galeri-umkm-setu",
        price=65000,
        unit="pcs (1,5 liter)",
        weight_g=1500,
        stock=18,
        description="Kendi tanah liat tradisional; air di dalamnya tetap sejuk alami tanpa kulkas.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Vas Bunga Gerabah Motif Anggrek",
        category_slug="kerajinan",
        member_key="kang-ujang-gerabah",
        gallery_slug="galeri-umkm-setu",
        price=85000,
        unit="pcs (tinggi 30 cm)",
        weight_g=1600,
        stock=2,
        description=(
            "Vas gerabah dengan ukiran anggrek, ikon Tangerang Selatan, diwarnai cat akrilik tahan "
            "air."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Celengan Gerabah Ayam Jago",
        category_slug="kerajinan",
        member_key="kang-ujang-gerabah",
        gallery_slug="galeri-umkm-setu",
        price=25000,
        unit="pcs",
        weight_g=700,
        stock=21,
        description=(
            "Celengan ayam jago dari tanah liat yang dicat warna-warni, tabungan klasik untuk anak."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Cobek Tanah Liat dan Ulekan Kayu",
        category_slug="kerajinan",
        member_key="kang-ujang-gerabah",
        gallery_slug="galeri-umkm-setu",
        price=45000,
        unit="set",
        weight_g=1700,
        stock=5,
        description=(
            "Cobek tanah liat bakar dengan ulekan kayu; sambal yang diulek di sini terasa lebih "
            "wangi."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Emping Melinjo Mentah",
        category_slug="kuliner",
        member_key="bu-yati-emping",
        gallery_slug="galeri-umkm-setu",
        price=40000,
        unit="bungkus 250 g",
        weight_g=280,
        stock=42,
        description=(
            "Emping tipis dari biji melinjo tua, ditumbuk manual dan dijemur matahari. Goreng "
            "sebentar dengan api sedang."
        ),
        is_halal=True,
        pirt_number="2153674010286-28",
        featured=False,
    ),
    ProductData(
        name="Emping Melinjo Pedas Manis",
        category_slug="kuliner",
        member_key="bu-yati-emping",
        gallery_slug="galeri-umkm-setu",
        price=45000,
        unit="toples 200 g",
        weight_g=400,
        stock=21,
        description=(
            "Emping goreng berbalut karamel gula merah dan cabai, manis-pedas dan renyah. Siap "
            "santap."
        ),
        is_halal=True,
        pirt_number="2153674020286-27",
        featured=False,
    ),
    ProductData(
        name="Emping Melinjo Goreng Original",
        category_slug="kuliner",
        member_key="bu-yati-emping",
        gallery_slug="galeri-umkm-setu",
        price=40000,
        unit="toples 200 g",
        weight_g=400,
        stock=23,
        description=(
            "Emping yang sudah digoreng dengan sedikit garam; rasa pahit khas melinjonya tetap "
            "terasa."
        ),
        is_halal=True,
        pirt_number="2153674030286-27",
        featured=False,
    ),
    ProductData(
        name="Gula Aren Cetak Batok",
        category_slug="gula-pemanis",
        member_key="kang-mamat-aren",
        gallery_slug="galeri-umkm-setu",
        price=30000,
        unit="bungkus 500 g",
        weight_g=550,
        stock=15,
        description=(
            "Gula aren murni yang dicetak di batok kelapa, berwarna cokelat tua dan harum nira. "
            "Tanpa campuran gula pasir."
        ),
        is_halal=True,
        pirt_number="2093674010323-28",
        featured=True,
    ),
    ProductData(
        name="Gula Aren Cetak 1 kg",
        category_slug="gula-pemanis",
        member_key="kang-mamat-aren",
        gallery_slug="galeri-umkm-setu",
        price=55000,
        unit="bungkus 1 kg",
        weight_g=1050,
        stock=43,
        description="Dua keping besar gula aren batok untuk kebutuhan dapur dan usaha kue.",
        is_halal=True,
        pirt_number="2093674020323-29",
        featured=False,
    ),
    ProductData(
        name="Gula Semut Aren Original 250 g",
        category_slug="gula-pemanis",
        member_key="kang-mamat-aren",
        gallery_slug="galeri-umkm-setu",
        price=25000,
        unit="pouch 250 g",
        weight_g=270,
        stock=13,
        description=(
            "Gula aren kristal yang diayak halus, mudah larut untuk kopi, teh, dan adonan kue. "
            "Kadar airnya rendah sehingga awet."
        ),
        is_halal=True,
        pirt_number="2093674030323-30",
        featured=False,
    ),
    ProductData(
        name="Gula Semut Aren Original 1 kg",
        category_slug="gula-pemanis",
        member_key="kang-mamat-aren",
        gallery_slug="galeri-umkm-setu",
        price=85000,
        unit="pouch 1 kg",
        weight_g=1050,
        stock=0,
        description="Kemasan hemat gula semut untuk kedai kopi dan pembuat kue.",
        is_halal=True,
        pirt_number="2093674040323-29",
        featured=False,
    ),
    ProductData(
        name="Gula Semut Aren Jahe",
        category_slug="gula-pemanis",
        member_key="kang-mamat-aren",
        gallery_slug="galeri-umkm-setu",
        price=30000,
        unit="pouch 250 g",
        weight_g=270,
        stock=36,
        description=(
            "Gula semut yang dicampur bubuk jahe emprit; tinggal seduh air panas untuk minuman "
            "penghangat."
        ),
        is_halal=True,
        pirt_number="2093674050323-28",
        featured=False,
    ),
    ProductData(
        name="Gula Aren Cetak Koin",
        category_slug="gula-pemanis",
        member_key="kang-mamat-aren",
        gallery_slug="galeri-umkm-puspiptek",
        price=22000,
        unit="toples 250 g",
        weight_g=380,
        stock=60,
        description="Gula aren dicetak kecil seukuran koin, praktis untuk secangkir kopi atau teh.",
        is_halal=True,
        pirt_number="2093674060323-29",
        featured=False,
    ),
    ProductData(
        name="Tikar Pandan 120 × 180 cm",
        category_slug="kerajinan",
        member_key="bu-iis-pandan",
        gallery_slug="galeri-umkm-puspiptek",
        price=95000,
        unit="lembar",
        weight_g=900,
        stock=18,
        description=(
            "Tikar dari daun pandan duri yang dijemur dan diwarnai sendiri, terasa dingin untuk "
            "duduk lesehan."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Tas Anyaman Pandan Motif Kotak",
        category_slug="kerajinan",
        member_key="bu-iis-pandan",
        gallery_slug="galeri-umkm-puspiptek",
        price=85000,
        unit="pcs",
        weight_g=350,
        stock=16,
        description=(
            "Tas jinjing pandan dengan pegangan kulit sintetis dan furing kain di bagian dalam."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Topi Anyaman Pandan",
        category_slug="kerajinan",
        member_key="bu-iis-pandan",
        gallery_slug="galeri-umkm-puspiptek",
        price=45000,
        unit="pcs",
        weight_g=150,
        stock=19,
        description="Topi lebar dari pandan untuk berkebun atau ke pantai, ringan dan adem.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Tempat Tisu Anyaman Pandan",
        category_slug="kerajinan",
        member_key="bu-iis-pandan",
        gallery_slug="galeri-umkm-puspiptek",
        price=35000,
        unit="pcs",
        weight_g=200,
        stock=16,
        description="Kotak tisu berbalut anyaman pandan natural yang mempercantik meja makan.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Nastar Selai Nanas",
        category_slug="kuliner",
        member_key="bu-rina-kue",
        gallery_slug="galeri-umkm-pamulang",
        price=95000,
        unit="toples 500 g",
        weight_g=800,
        stock=33,
        description=(
            "Nastar lembut lumer berisi selai nanas madu yang dimasak sendiri selama empat jam. "
            "Dipanggang dengan mentega asli, tanpa margarin."
        ),
        is_halal=True,
        pirt_number="2063674010397-27",
        featured=True,
    ),
    ProductData(
        name="Kastengel Keju Edam",
        category_slug="kuliner",
        member_key="bu-rina-kue",
        gallery_slug="galeri-umkm-pamulang",
        price=115000,
        unit="toples 500 g",
        weight_g=800,
        stock=56,
        description=(
            "Kastengel renyah dengan keju edam di adonan dan parutan cheddar di atasnya, gurih "
            "asin khas Lebaran."
        ),
        is_halal=True,
        pirt_number="2063674020397-30",
        featured=False,
    ),
    ProductData(
        name="Putri Salju Kacang Mede",
        category_slug="kuliner",
        member_key="bu-rina-kue",
        gallery_slug="galeri-umkm-pamulang",
        price=85000,
        unit="toples 500 g",
        weight_g=800,
        stock=49,
        description=(
            "Kue bulan sabit berisi kacang mede cincang, dibalur gula halus yang dingin di lidah."
        ),
        is_halal=True,
        pirt_number="2063674030397-27",
        featured=False,
    ),
    ProductData(
        name="Kue Semprit Mentega",
        category_slug="kuliner",
        member_key="bu-rina-kue",
        gallery_slug="galeri-umkm-pamulang",
        price=70000,
        unit="toples 500 g",
        weight_g=800,
        stock=56,
        description="Semprit berbentuk bunga dengan hiasan ceri, renyah dan harum mentega.",
        is_halal=True,
        pirt_number="2063674040397-29",
        featured=False,
    ),
    ProductData(
        name="Lidah Kucing Pandan",
        category_slug="kuliner",
        member_key="bu-rina-kue",
        gallery_slug="galeri-umkm-pamulang",
        price=65000,
        unit="toples 400 g",
        weight_g=700,
        stock=47,
        description=(
            "Kue tipis memanjang dengan rasa pandan dari daun pandan asli, ringan dan renyah."
        ),
        is_halal=True,
        pirt_number="2063674050397-28",
        featured=False,
    ),
    ProductData(
        name="Jamu Kunyit Asam",
        category_slug="minuman",
        member_key="mbok-tuti-jamu",
        gallery_slug="galeri-umkm-pamulang",
        price=12000,
        unit="botol 350 ml",
        weight_g=420,
        stock=28,
        description=(
            "Kunyit segar dan asam jawa direbus dengan gula aren, segar dan sedikit asam. Simpan "
            "di kulkas, tahan tiga hari."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Jamu Beras Kencur",
        category_slug="minuman",
        member_key="mbok-tuti-jamu",
        gallery_slug="galeri-umkm-pamulang",
        price=12000,
        unit="botol 350 ml",
        weight_g=420,
        stock=0,
        description=(
            "Beras sangrai dan kencur parut dengan sedikit jahe, manis legit dan menghangatkan."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Jamu Temulawak",
        category_slug="minuman",
        member_key="mbok-tuti-jamu",
        gallery_slug="galeri-umkm-pamulang",
        price=13000,
        unit="botol 350 ml",
        weight_g=420,
        stock=40,
        description=(
            "Temulawak, kunyit, dan serai direbus perlahan; rasanya sedikit pahit, enak diminum "
            "pagi hari."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Jamu Sirih Kunci",
        category_slug="minuman",
        member_key="mbok-tuti-jamu",
        gallery_slug="galeri-umkm-pamulang",
        price=15000,
        unit="botol 350 ml",
        weight_g=420,
        stock=39,
        description=(
            "Daun sirih, temu kunci, dan kunyit; jamu tradisional perempuan dengan rasa sepat yang "
            "khas."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Wedang Jahe Merah Instan",
        category_slug="minuman",
        member_key="mbok-tuti-jamu",
        gallery_slug="galeri-umkm-pamulang",
        price=25000,
        unit="pouch 250 g",
        weight_g=280,
        stock=25,
        description=(
            "Serbuk jahe merah dengan gula aren dan serai; cukup seduh satu sendok makan dengan "
            "air panas."
        ),
        is_halal=True,
        pirt_number="2133674010434-28",
        featured=False,
    ),
    ProductData(
        name="Sambal Bawang Pedas",
        category_slug="kuliner",
        member_key="bu-nur-sambal",
        gallery_slug="galeri-umkm-pamulang",
        price=28000,
        unit="botol 150 g",
        weight_g=330,
        stock=25,
        description=(
            "Cabai rawit merah dan bawang putih digoreng dengan minyak kelapa, pedas gurih tanpa "
            "MSG. Tahan tiga bulan bila disimpan tertutup."
        ),
        is_halal=True,
        pirt_number="1113674010471-29",
        featured=False,
    ),
    ProductData(
        name="Sambal Cumi Asin",
        category_slug="kuliner",
        member_key="bu-nur-sambal",
        gallery_slug="galeri-umkm-pamulang",
        price=45000,
        unit="botol 150 g",
        weight_g=330,
        stock=26,
        description=(
            "Cumi asin dipotong kecil lalu ditumis bersama cabai dan bawang sampai kering. Satu "
            "sendok cukup untuk sepiring nasi."
        ),
        is_halal=True,
        pirt_number="1113674020471-29",
        featured=False,
    ),
    ProductData(
        name="Sambal Roa",
        category_slug="kuliner",
        member_key="bu-nur-sambal",
        gallery_slug="galeri-umkm-pamulang",
        price=48000,
        unit="botol 150 g",
        weight_g=330,
        stock=12,
        description=(
            "Ikan roa asap dari Manado disuwir halus dan dimasak dengan cabai, gurih berasap."
        ),
        is_halal=False,
        pirt_number="1113674030471-28",
        featured=False,
    ),
    ProductData(
        name="Sambal Teri Kacang",
        category_slug="kuliner",
        member_key="bu-nur-sambal",
        gallery_slug="galeri-umkm-pamulang",
        price=35000,
        unit="botol 150 g",
        weight_g=330,
        stock=50,
        description=(
            "Teri nasi goreng kering, kacang tanah, dan sambal merah; enak sebagai lauk bekal."
        ),
        is_halal=True,
        pirt_number="1113674040471-29",
        featured=False,
    ),
    ProductData(
        name="Sambal Ijo Pete",
        category_slug="kuliner",
        member_key="bu-nur-sambal",
        gallery_slug="galeri-umkm-pamulang",
        price=35000,
        unit="botol 150 g",
        weight_g=330,
        stock=42,
        description="Cabai hijau dan pete segar ditumis dengan bawang merah, wangi dan agak pedas.",
        is_halal=True,
        pirt_number="1113674050471-29",
        featured=False,
    ),
    ProductData(
        name="Tas Rajut Benang Nilon",
        category_slug="kerajinan",
        member_key="bu-lina-rajut",
        gallery_slug="galeri-umkm-pamulang",
        price=185000,
        unit="pcs",
        weight_g=400,
        stock=20,
        description=(
            "Tas bahu rajut tangan dari benang nilon yang kuat dan tidak melar, dilengkapi furing "
            "dan resleting."
        ),
        is_halal=False,
        pirt_number=None,
        featured=True,
    ),
    ProductData(
        name="Dompet Rajut Mini",
        category_slug="kerajinan",
        member_key="bu-lina-rajut",
        gallery_slug="galeri-umkm-pamulang",
        price=45000,
        unit="pcs",
        weight_g=80,
        stock=22,
        description="Dompet koin rajut dengan kancing kayu, muat kartu dan uang kertas terlipat.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Totebag Rajut Tali Kur",
        category_slug="kerajinan",
        member_key="bu-lina-rajut",
        gallery_slug="galeri-umkm-pamulang",
        price=165000,
        unit="pcs",
        weight_g=450,
        stock=6,
        description="Totebag rajut dari tali kur tebal dengan pola kotak, muat laptop 13 inci.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Boneka Rajut Amigurumi Kucing",
        category_slug="kerajinan",
        member_key="bu-lina-rajut",
        gallery_slug="galeri-umkm-pamulang",
        price=95000,
        unit="pcs",
        weight_g=150,
        stock=2,
        description="Boneka kucing rajut berisi dakron, jahitannya rapat sehingga aman untuk anak.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Taplak Meja Rajut Bulat",
        category_slug="kerajinan",
        member_key="bu-lina-rajut",
        gallery_slug="galeri-umkm-pamulang",
        price=150000,
        unit="lembar (diameter 80 cm)",
        weight_g=300,
        stock=0,
        description="Taplak rajut motif bunga dari benang katun, dikerjakan lebih dari seminggu.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Hijab Segi Empat Voal Motif Anggrek",
        category_slug="fesyen",
        member_key="bu-dewi-hijab",
        gallery_slug="galeri-umkm-pamulang",
        price=65000,
        unit="lembar (115 × 115 cm)",
        weight_g=120,
        stock=19,
        description=(
            "Hijab voal lembut bermotif anggrek vanda dengan tepi jahit neci yang rapi. Tidak "
            "menerawang dan mudah dibentuk."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Pashmina Kaos Rayon",
        category_slug="fesyen",
        member_key="bu-dewi-hijab",
        gallery_slug="galeri-umkm-pamulang",
        price=55000,
        unit="lembar (180 × 75 cm)",
        weight_g=180,
        stock=20,
        description="Pashmina kaos rayon yang adem dan jatuh, tidak perlu disetrika.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Hijab Instan Bergo Jersey",
        category_slug="fesyen",
        member_key="bu-dewi-hijab",
        gallery_slug="galeri-umkm-pamulang",
        price=60000,
        unit="pcs",
        weight_g=150,
        stock=19,
        description=(
            "Bergo instan dengan pet busa tipis, langsung pakai tanpa peniti. Bahan jersey yang "
            "menyerap keringat."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kerudung Segi Empat Paris Polos",
        category_slug="fesyen",
        member_key="bu-dewi-hijab",
        gallery_slug="galeri-umkm-pamulang",
        price=35000,
        unit="lembar (110 × 110 cm)",
        weight_g=100,
        stock=19,
        description="Kerudung paris polos warna pastel, ringan untuk dipakai sehari-hari.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Mukena Katun Bordir",
        category_slug="fesyen",
        member_key="bu-dewi-hijab",
        gallery_slug="galeri-umkm-pamulang",
        price=275000,
        unit="set",
        weight_g=650,
        stock=20,
        description=(
            "Mukena katun jepang dengan bordir bunga di tepinya, lengkap dengan tas sarung."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Dodol Betawi Ketan Hitam",
        category_slug="kuliner",
        member_key="mpok-fitri-dodol",
        gallery_slug="galeri-umkm-pamulang",
        price=50000,
        unit="kotak 500 g",
        weight_g=600,
        stock=17,
        description=(
            "Dodol dari ketan hitam, santan kelapa, dan gula aren yang diaduk delapan jam di "
            "kuali. Legit, kenyal, dan tidak lengket di gigi."
        ),
        is_halal=True,
        pirt_number="4063674010582-30",
        featured=True,
    ),
    ProductData(
        name="Dodol Betawi Ketan Putih",
        category_slug="kuliner",
        member_key="mpok-fitri-dodol",
        gallery_slug="galeri-umkm-pamulang",
        price=45000,
        unit="kotak 500 g",
        weight_g=600,
        stock=60,
        description="Dodol ketan putih dengan gula merah, berwarna cokelat muda dan gurih santan.",
        is_halal=True,
        pirt_number="4063674020582-29",
        featured=False,
    ),
    ProductData(
        name="Dodol Durian",
        category_slug="kuliner",
        member_key="mpok-fitri-dodol",
        gallery_slug="galeri-umkm-pamulang",
        price=65000,
        unit="kotak 500 g",
        weight_g=600,
        stock=40,
        description="Dodol ketan dengan daging durian asli, aromanya kuat dan manisnya pas.",
        is_halal=True,
        pirt_number="4063674030582-28",
        featured=False,
    ),
    ProductData(
        name="Dodol Nanas",
        category_slug="kuliner",
        member_key="mpok-fitri-dodol",
        gallery_slug="galeri-umkm-pamulang",
        price=30000,
        unit="kotak 300 g",
        weight_g=380,
        stock=27,
        description="Dodol nanas kenyal dari nanas Subang, dibungkus kertas minyak satu per satu.",
        is_halal=True,
        pirt_number="4063674040582-27",
        featured=False,
    ),
    ProductData(
        name="Geplak Betawi",
        category_slug="kuliner",
        member_key="mpok-fitri-dodol",
        gallery_slug="galeri-umkm-pamulang",
        price=30000,
        unit="toples 250 g",
        weight_g=400,
        stock=40,
        description=(
            "Geplak dari kelapa parut dan tepung beras dengan gula pasir, manis legit khas Betawi."
        ),
        is_halal=True,
        pirt_number="2063674050582-30",
        featured=False,
    ),
    ProductData(
        name="Kerupuk Ikan Tenggiri Mentah",
        category_slug="kuliner",
        member_key="bu-siti-kerupuk",
        gallery_slug="galeri-umkm-pamulang",
        price=32000,
        unit="bungkus 250 g",
        weight_g=280,
        stock=51,
        description=(
            "Kerupuk mentah dengan kandungan ikan tenggiri yang tinggi, mekar besar dan gurih saat "
            "digoreng."
        ),
        is_halal=True,
        pirt_number="2023674010619-27",
        featured=False,
    ),
    ProductData(
        name="Kerupuk Udang Mentah",
        category_slug="kuliner",
        member_key="bu-siti-kerupuk",
        gallery_slug="galeri-umkm-pamulang",
        price=35000,
        unit="bungkus 250 g",
        weight_g=280,
        stock=21,
        description="Kerupuk udang dengan rasa udang yang jelas, pelengkap nasi goreng dan soto.",
        is_halal=True,
        pirt_number="2023674020619-28",
        featured=False,
    ),
    ProductData(
        name="Kerupuk Bawang Mentah",
        category_slug="kuliner",
        member_key="bu-siti-kerupuk",
        gallery_slug="galeri-umkm-pamulang",
        price=20000,
        unit="bungkus 500 g",
        weight_g=530,
        stock=0,
        description=(
            "Kerupuk bawang putih klasik berwarna kuning dan merah muda, murah meriah untuk stok "
            "dapur."
        ),
        is_halal=True,
        pirt_number="2023674030619-28",
        featured=False,
    ),
    ProductData(
        name="Amplang Ikan Tenggiri",
        category_slug="kuliner",
        member_key="bu-siti-kerupuk",
        gallery_slug="galeri-umkm-pamulang",
        price=28000,
        unit="bungkus 150 g",
        weight_g=180,
        stock=17,
        description=(
            "Camilan dari ikan tenggiri dan tapioka yang digoreng kering, renyah dan gurih."
        ),
        is_halal=True,
        pirt_number="2023674040619-30",
        featured=False,
    ),
    ProductData(
        name="Kopi Robusta Pandeglang Bubuk",
        category_slug="minuman",
        member_key="pak-hendra-kopi",
        gallery_slug="galeri-umkm-serpong",
        price=40000,
        unit="pouch 200 g",
        weight_g=230,
        stock=15,
        description=(
            "Robusta dari kebun rakyat di lereng Gunung Karang, Pandeglang, disangrai medium-dark. "
            "Pahit tebal dengan aroma cokelat."
        ),
        is_halal=True,
        pirt_number="2103674010656-29",
        featured=True,
    ),
    ProductData(
        name="Kopi Arabika Java Preanger Biji Sangrai",
        category_slug="minuman",
        member_key="pak-hendra-kopi",
        gallery_slug="galeri-umkm-serpong",
        price=95000,
        unit="pouch 250 g",
        weight_g=280,
        stock=38,
        description=(
            "Arabika dari Gunung Puntang yang disangrai medium, dengan rasa buah dan manis gula "
            "aren. Cocok diseduh V60."
        ),
        is_halal=True,
        pirt_number="2103674020656-27",
        featured=False,
    ),
    ProductData(
        name="Kopi Tubruk Gula Aren Sachet",
        category_slug="minuman",
        member_key="pak-hendra-kopi",
        gallery_slug="galeri-umkm-serpong",
        price=30000,
        unit="kotak 10 sachet",
        weight_g=300,
        stock=12,
        description=(
            "Kopi robusta bubuk halus dan gula semut aren dalam sachet 25 g, tinggal seduh."
        ),
        is_halal=True,
        pirt_number="4103674030656-30",
        featured=False,
    ),
    ProductData(
        name="Kopi Susu Gula Aren Literan",
        category_slug="minuman",
        member_key="pak-hendra-kopi",
        gallery_slug="galeri-umkm-serpong",
        price=85000,
        unit="botol 1 liter",
        weight_g=1150,
        stock=18,
        description=(
            "Espresso robusta, susu segar, dan sirup gula aren. Simpan di kulkas, tahan empat hari."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kopi Jahe Bubuk",
        category_slug="minuman",
        member_key="pak-hendra-kopi",
        gallery_slug="galeri-umkm-serpong",
        price=35000,
        unit="pouch 200 g",
        weight_g=230,
        stock=15,
        description="Kopi robusta yang disangrai bersama jahe kering, hangat di tenggorokan.",
        is_halal=True,
        pirt_number="2103674040656-28",
        featured=False,
    ),
    ProductData(
        name="Totebag Ecoprint Daun Jati",
        category_slug="kerajinan",
        member_key="bu-maya-ecoprint",
        gallery_slug="galeri-umkm-serpong",
        price=95000,
        unit="pcs",
        weight_g=200,
        stock=23,
        description=(
            "Totebag kanvas dengan cetakan daun jati dan jarak kepyar, diwarnai kayu tingi dan "
            "dikunci tawas agar tidak luntur."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Pouch Ecoprint Kanvas",
        category_slug="kerajinan",
        member_key="bu-maya-ecoprint",
        gallery_slug="galeri-umkm-serpong",
        price=55000,
        unit="pcs",
        weight_g=100,
        stock=9,
        description=(
            "Pouch kecil beresleting untuk alat tulis atau kosmetik, bermotif daun kenikir dan "
            "lanang."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Sampul Buku Ecoprint A5",
        category_slug="kerajinan",
        member_key="bu-maya-ecoprint",
        gallery_slug="galeri-umkm-serpong",
        price=65000,
        unit="pcs",
        weight_g=250,
        stock=25,
        description=(
            "Buku catatan A5 bersampul kain ecoprint dengan kertas daur ulang; motif setiap sampul "
            "berbeda."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Syal Ecoprint Sutra",
        category_slug="fesyen",
        member_key="bu-maya-ecoprint",
        gallery_slug="galeri-umkm-serpong",
        price=275000,
        unit="lembar (180 × 45 cm)",
        weight_g=100,
        stock=12,
        description=(
            "Syal sutra ATBM bermotif daun lanang dan jati dengan warna alami dari kayu tingi. "
            "Cuci dengan tangan memakai sabun lerak."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Ecoprint Katun Primisima",
        category_slug="fesyen",
        member_key="bu-maya-ecoprint",
        gallery_slug="galeri-umkm-serpong",
        price=325000,
        unit="lembar (2 m)",
        weight_g=300,
        stock=10,
        description=(
            "Kain katun primisima dua meter dengan cetakan daun asli, cocok untuk kemeja atau "
            "gamis. Tidak ada dua lembar yang motifnya sama."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kaos Sablon Tangsel Ikon Anggrek",
        category_slug="fesyen",
        member_key="mas-rizky-sablon",
        gallery_slug="galeri-umkm-serpong",
        price=95000,
        unit="pcs",
        weight_g=220,
        stock=6,
        description=(
            "Kaos katun combed 30s dengan sablon plastisol motif anggrek vanda douglas, ikon "
            "Tangerang Selatan."
        ),
        is_halal=False,
        pirt_number=None,
        featured=True,
    ),
    ProductData(
        name="Kaos Sablon Perahu Eretan Cisadane",
        category_slug="fesyen",
        member_key="mas-rizky-sablon",
        gallery_slug="galeri-umkm-serpong",
        price=95000,
        unit="pcs",
        weight_g=220,
        stock=12,
        description=(
            "Kaos hitam dengan ilustrasi Sungai Cisadane dan perahu eretan penyeberangan, disablon "
            "manual."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kaos Anak Sablon Ondel-Ondel",
        category_slug="fesyen",
        member_key="mas-rizky-sablon",
        gallery_slug="galeri-umkm-serpong",
        price=65000,
        unit="pcs",
        weight_g=150,
        stock=0,
        description=(
            "Kaos anak katun lembut bergambar ondel-ondel, dengan tinta water based yang aman "
            "untuk kulit."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kaos Sablon Aye Anak Tangsel",
        category_slug="fesyen",
        member_key="mas-rizky-sablon",
        gallery_slug="galeri-umkm-serpong",
        price=95000,
        unit="pcs",
        weight_g=220,
        stock=6,
        description=(
            "Kaos putih bertuliskan logat Betawi “Aye Anak Tangsel”, katun combed 30s yang adem."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Gula Semut Aren Kayu Manis",
        category_slug="gula-pemanis",
        member_key="bu-endang-aren",
        gallery_slug="galeri-umkm-serpong",
        price=30000,
        unit="pouch 250 g",
        weight_g=270,
        stock=33,
        description=(
            "Gula semut aren dengan kayu manis bubuk, harum untuk taburan roti bakar atau campuran "
            "kopi."
        ),
        is_halal=True,
        pirt_number="2093674010767-28",
        featured=False,
    ),
    ProductData(
        name="Gula Semut Aren Kunyit Asam",
        category_slug="gula-pemanis",
        member_key="bu-endang-aren",
        gallery_slug="galeri-umkm-serpong",
        price=30000,
        unit="pouch 250 g",
        weight_g=270,
        stock=46,
        description=(
            "Campuran gula semut, kunyit, dan asam jawa; seduh air hangat untuk jamu instan."
        ),
        is_halal=True,
        pirt_number="2093674020767-30",
        featured=False,
    ),
    ProductData(
        name="Gula Semut Aren Stik",
        category_slug="gula-pemanis",
        member_key="bu-endang-aren",
        gallery_slug="galeri-umkm-serpong",
        price=25000,
        unit="kotak 20 stik × 8 g",
        weight_g=200,
        stock=58,
        description=(
            "Gula semut dalam stik sekali pakai, praktis dibawa ke kantor atau disajikan di kafe."
        ),
        is_halal=True,
        pirt_number="4093674030767-28",
        featured=False,
    ),
    ProductData(
        name="Gula Semut Aren Original 500 g",
        category_slug="gula-pemanis",
        member_key="bu-endang-aren",
        gallery_slug="galeri-umkm-serpong",
        price=45000,
        unit="pouch 500 g",
        weight_g=530,
        stock=12,
        description="Kemasan sedang gula semut aren organik, bebas campuran gula tebu.",
        is_halal=True,
        pirt_number="2093674040767-28",
        featured=False,
    ),
    ProductData(
        name="Sirup Gula Aren Pandan",
        category_slug="gula-pemanis",
        member_key="bu-endang-aren",
        gallery_slug="galeri-umkm-serpong",
        price=32000,
        unit="botol 250 ml",
        weight_g=420,
        stock=23,
        description=(
            "Gula aren cair yang direbus bersama daun pandan, cocok untuk es cendol dan es kopi "
            "susu."
        ),
        is_halal=True,
        pirt_number="1093674050767-30",
        featured=False,
    ),
    ProductData(
        name="Teh Rosela Kering",
        category_slug="minuman",
        member_key="bu-ani-teh",
        gallery_slug="galeri-umkm-serpong",
        price=30000,
        unit="pouch 50 g",
        weight_g=80,
        stock=26,
        description=(
            "Kelopak rosela merah yang dikeringkan utuh; seduhannya merah tua dengan rasa asam "
            "segar."
        ),
        is_halal=True,
        pirt_number="2103674010804-28",
        featured=False,
    ),
    ProductData(
        name="Teh Bunga Telang",
        category_slug="minuman",
        member_key="bu-ani-teh",
        gallery_slug="galeri-umkm-serpong",
        price=25000,
        unit="pouch 30 g",
        weight_g=60,
        stock=6,
        description=(
            "Bunga telang kering yang menghasilkan seduhan biru; teteskan jeruk nipis dan warnanya "
            "jadi ungu."
        ),
        is_halal=True,
        pirt_number="2103674020804-29",
        featured=False,
    ),
    ProductData(
        name="Teh Serai Lemon Celup",
        category_slug="minuman",
        member_key="bu-ani-teh",
        gallery_slug="galeri-umkm-serpong",
        price=28000,
        unit="kotak 20 kantong celup",
        weight_g=90,
        stock=39,
        description="Teh celup dari daun serai dan kulit lemon kering, tanpa kafein.",
        is_halal=True,
        pirt_number="4103674030804-29",
        featured=False,
    ),
    ProductData(
        name="Teh Daun Kelor",
        category_slug="minuman",
        member_key="bu-ani-teh",
        gallery_slug="galeri-umkm-serpong",
        price=25000,
        unit="pouch 50 g",
        weight_g=80,
        stock=29,
        description=(
            "Daun kelor muda yang dikeringkan dan diremas kasar; rasanya ringan mirip teh hijau."
        ),
        is_halal=True,
        pirt_number="2103674040804-30",
        featured=False,
    ),
    ProductData(
        name="Sirup Rosela",
        category_slug="minuman",
        member_key="bu-ani-teh",
        gallery_slug="galeri-umkm-serpong",
        price=40000,
        unit="botol 500 ml",
        weight_g=700,
        stock=26,
        description=(
            "Sirup dari kelopak rosela segar dan gula pasir, segar diminum dingin dengan es batu."
        ),
        is_halal=True,
        pirt_number="1103674050804-29",
        featured=False,
    ),
    ProductData(
        name="Keripik Tempe Sagu",
        category_slug="kuliner",
        member_key="pak-joko-tempe",
        gallery_slug="galeri-umkm-serpong",
        price=15000,
        unit="bungkus 150 g",
        weight_g=180,
        stock=0,
        description=(
            "Tempe tipis berbalut adonan tepung sagu berbumbu ketumbar dan bawang, renyah dan "
            "gurih."
        ),
        is_halal=True,
        pirt_number="2153674010841-28",
        featured=False,
    ),
    ProductData(
        name="Keripik Tempe Daun Jeruk",
        category_slug="kuliner",
        member_key="pak-joko-tempe",
        gallery_slug="galeri-umkm-serpong",
        price=16000,
        unit="bungkus 150 g",
        weight_g=180,
        stock=27,
        description=(
            "Keripik tempe dengan irisan daun jeruk purut, wangi dan cocok untuk lauk kering."
        ),
        is_halal=True,
        pirt_number="2153674020841-30",
        featured=False,
    ),
    ProductData(
        name="Keripik Tempe Pedas",
        category_slug="kuliner",
        member_key="pak-joko-tempe",
        gallery_slug="galeri-umkm-serpong",
        price=16000,
        unit="bungkus 150 g",
        weight_g=180,
        stock=47,
        description="Keripik tempe dengan bumbu cabai bubuk, pedasnya sedang.",
        is_halal=True,
        pirt_number="2153674030841-30",
        featured=False,
    ),
    ProductData(
        name="Kacang Bawang Renyah",
        category_slug="kuliner",
        member_key="pak-joko-tempe",
        gallery_slug="galeri-umkm-serpong",
        price=28000,
        unit="toples 250 g",
        weight_g=400,
        stock=47,
        description=(
            "Kacang tanah kupas digoreng bersama bawang putih, renyah dan gurih tanpa bau apek."
        ),
        is_halal=True,
        pirt_number="2153674040841-30",
        featured=False,
    ),
    ProductData(
        name="Keripik Tempe Sagu 500 g",
        category_slug="kuliner",
        member_key="pak-joko-tempe",
        gallery_slug="galeri-umkm-serpong",
        price=45000,
        unit="kantong 500 g",
        weight_g=550,
        stock=29,
        description="Kemasan besar keripik tempe sagu untuk warung dan arisan.",
        is_halal=True,
        pirt_number="2153674050841-29",
        featured=False,
    ),
    ProductData(
        name="Kue Kacang Klasik",
        category_slug="kuliner",
        member_key="yuli-cookies",
        gallery_slug="galeri-umkm-serpong-utara",
        price=55000,
        unit="toples 400 g",
        weight_g=700,
        stock=15,
        description="Kue kacang tanah sangrai yang lumer di mulut, resep lama tanpa pengembang.",
        is_halal=True,
        pirt_number="2063674010878-28",
        featured=False,
    ),
    ProductData(
        name="Cookies Cokelat Chip",
        category_slug="kuliner",
        member_key="yuli-cookies",
        gallery_slug="galeri-umkm-serpong-utara",
        price=70000,
        unit="toples 400 g",
        weight_g=700,
        stock=46,
        description="Cookies renyah dengan cokelat chip dan sedikit garam laut.",
        is_halal=True,
        pirt_number="2063674020878-28",
        featured=False,
    ),
    ProductData(
        name="Kue Sagu Keju",
        category_slug="kuliner",
        member_key="yuli-cookies",
        gallery_slug="galeri-umkm-serpong-utara",
        price=65000,
        unit="toples 400 g",
        weight_g=700,
        stock=24,
        description="Kue sagu keju yang lumer, dicetak bunga dengan semprotan.",
        is_halal=True,
        pirt_number="2063674030878-27",
        featured=False,
    ),
    ProductData(
        name="Bolu Pisang Gula Aren",
        category_slug="kuliner",
        member_key="yuli-cookies",
        gallery_slug="galeri-umkm-serpong-utara",
        price=55000,
        unit="kotak (20 × 10 cm)",
        weight_g=700,
        stock=29,
        description=(
            "Bolu lembut dari pisang ambon matang dan gula aren, tahan empat hari di suhu ruang."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kue Akar Kelapa",
        category_slug="kuliner",
        member_key="yuli-cookies",
        gallery_slug="galeri-umkm-serpong-utara",
        price=40000,
        unit="toples 300 g",
        weight_g=500,
        stock=22,
        description=(
            "Kue akar kelapa khas Betawi dari tepung ketan dan kelapa parut, renyah dan gurih."
        ),
        is_halal=True,
        pirt_number="2063674040878-28",
        featured=False,
    ),
    ProductData(
        name="Sirup Markisa Asli",
        category_slug="minuman",
        member_key="pak-agus-sirup",
        gallery_slug="galeri-umkm-serpong-utara",
        price=55000,
        unit="botol 600 ml",
        weight_g=850,
        stock=37,
        description=(
            "Sari markisa ungu yang bijinya disaring, asam-manis segar. Encerkan satu bagian sirup "
            "dengan empat bagian air."
        ),
        is_halal=True,
        pirt_number="1143674010915-28",
        featured=False,
    ),
    ProductData(
        name="Sirup Jeruk Kalamansi",
        category_slug="minuman",
        member_key="pak-agus-sirup",
        gallery_slug="galeri-umkm-serpong-utara",
        price=50000,
        unit="botol 600 ml",
        weight_g=850,
        stock=38,
        description="Sirup dari jeruk kalamansi peras, segar dan kaya vitamin C.",
        is_halal=True,
        pirt_number="1143674020915-27",
        featured=False,
    ),
    ProductData(
        name="Sirup Jahe Serai",
        category_slug="minuman",
        member_key="pak-agus-sirup",
        gallery_slug="galeri-umkm-serpong-utara",
        price=45000,
        unit="botol 600 ml",
        weight_g=850,
        stock=0,
        description="Sirup jahe merah dan serai untuk minuman hangat maupun es.",
        is_halal=True,
        pirt_number="1143674030915-28",
        featured=False,
    ),
    ProductData(
        name="Sirup Pala",
        category_slug="minuman",
        member_key="pak-agus-sirup",
        gallery_slug="galeri-umkm-serpong-utara",
        price=45000,
        unit="botol 600 ml",
        weight_g=850,
        stock=22,
        description="Sirup dari daging buah pala Bogor, segar dengan sedikit rasa pedas.",
        is_halal=True,
        pirt_number="1143674040915-29",
        featured=False,
    ),
    ProductData(
        name="Basreng Pedas Daun Jeruk",
        category_slug="kuliner",
        member_key="wiwin-basreng",
        gallery_slug="galeri-umkm-serpong-utara",
        price=20000,
        unit="bungkus 200 g",
        weight_g=230,
        stock=58,
        description=(
            "Bakso ikan diiris tipis, digoreng kering, lalu dibalur bumbu cabai dan daun jeruk. "
            "Pedasnya level lima."
        ),
        is_halal=False,
        pirt_number="2023674010952-27",
        featured=False,
    ),
    ProductData(
        name="Makaroni Bantet Pedas",
        category_slug="kuliner",
        member_key="wiwin-basreng",
        gallery_slug="galeri-umkm-serpong-utara",
        price=15000,
        unit="bungkus 200 g",
        weight_g=230,
        stock=60,
        description="Makaroni goreng renyah dengan bumbu pedas asin, camilan favorit anak kos.",
        is_halal=False,
        pirt_number="2023674020952-27",
        featured=False,
    ),
    ProductData(
        name="Seblak Kering Kerupuk",
        category_slug="kuliner",
        member_key="wiwin-basreng",
        gallery_slug="galeri-umkm-serpong-utara",
        price=15000,
        unit="bungkus 200 g",
        weight_g=230,
        stock=45,
        description="Kerupuk seblak kering berbumbu kencur dan cabai, gurih pedas.",
        is_halal=False,
        pirt_number="2023674030952-27",
        featured=False,
    ),
    ProductData(
        name="Keripik Kaca Pedas",
        category_slug="kuliner",
        member_key="wiwin-basreng",
        gallery_slug="galeri-umkm-serpong-utara",
        price=15000,
        unit="bungkus 150 g",
        weight_g=180,
        stock=59,
        description="Keripik singkong bening setipis kaca dengan bubuk cabai dan daun jeruk.",
        is_halal=False,
        pirt_number="2023674040952-29",
        featured=False,
    ),
    ProductData(
        name="Keranjang Anyaman Kertas Koran",
        category_slug="kerajinan",
        member_key="bu-ratna-daur-ulang",
        gallery_slug="galeri-umkm-serpong-utara",
        price=45000,
        unit="pcs",
        weight_g=300,
        stock=11,
        description=(
            "Keranjang serbaguna dari gulungan koran bekas yang dipernis, kuat dan tahan cipratan "
            "air."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Keset Kain Perca",
        category_slug="kerajinan",
        member_key="bu-ratna-daur-ulang",
        gallery_slug="galeri-umkm-serpong-utara",
        price=35000,
        unit="pcs (40 × 60 cm)",
        weight_g=450,
        stock=9,
        description=(
            "Keset dari sisa kain konveksi yang dijahit melingkar, menyerap air dan bisa dicuci "
            "mesin."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Sarung Bantal Kain Perca",
        category_slug="kerajinan",
        member_key="bu-ratna-daur-ulang",
        gallery_slug="galeri-umkm-serpong-utara",
        price=55000,
        unit="pcs (40 × 40 cm)",
        weight_g=200,
        stock=23,
        description=(
            "Sarung bantal sofa dari potongan kain perca warna-warni dengan resleting tersembunyi."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Hiasan Dinding Makrame",
        category_slug="kerajinan",
        member_key="bu-ratna-daur-ulang",
        gallery_slug="galeri-umkm-serpong-utara",
        price=85000,
        unit="pcs (lebar 40 cm)",
        weight_g=250,
        stock=10,
        description=(
            "Hiasan dinding makrame dari tali katun dan ranting kayu, pemanis kamar dan ruang tamu."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Madu Klanceng Murni",
        category_slug="gula-pemanis",
        member_key="pak-dedi-madu",
        gallery_slug="galeri-umkm-serpong-utara",
        price=120000,
        unit="botol 150 ml",
        weight_g=300,
        stock=46,
        description=(
            "Madu lebah tanpa sengat dengan rasa asam-manis dan sedikit sepat propolis. Dipanen "
            "langsung dari stup di Pakulonan."
        ),
        is_halal=True,
        pirt_number="1093674011026-29",
        featured=False,
    ),
    ProductData(
        name="Madu Hutan Baduy",
        category_slug="gula-pemanis",
        member_key="pak-dedi-madu",
        gallery_slug="galeri-umkm-serpong-utara",
        price=85000,
        unit="botol 250 ml",
        weight_g=450,
        stock=20,
        description=(
            "Madu lebah hutan dari kawasan Baduy Luar, Lebak, berwarna gelap dan beraroma kayu."
        ),
        is_halal=True,
        pirt_number="1093674021026-27",
        featured=False,
    ),
    ProductData(
        name="Madu Randu",
        category_slug="gula-pemanis",
        member_key="pak-dedi-madu",
        gallery_slug="galeri-umkm-serpong-utara",
        price=95000,
        unit="botol 500 ml",
        weight_g=800,
        stock=0,
        description=(
            "Madu dari nektar bunga randu, manisnya ringan, cocok untuk campuran teh atau jamu."
        ),
        is_halal=True,
        pirt_number="1093674031026-30",
        featured=False,
    ),
    ProductData(
        name="Madu Kelengkeng",
        category_slug="gula-pemanis",
        member_key="pak-dedi-madu",
        gallery_slug="galeri-umkm-serpong-utara",
        price=75000,
        unit="botol 250 ml",
        weight_g=450,
        stock=43,
        description="Madu beraroma buah kelengkeng, manis dan harum.",
        is_halal=True,
        pirt_number="1093674041026-30",
        featured=False,
    ),
    ProductData(
        name="Bir Pletok Betawi",
        category_slug="minuman",
        member_key="mpok-heni-pletok",
        gallery_slug="galeri-umkm-serpong-utara",
        price=15000,
        unit="botol 350 ml",
        weight_g=420,
        stock=24,
        description=(
            "Minuman rempah khas Betawi dari jahe, serai, kayu secang, dan cengkih, tanpa alkohol. "
            "Hangat diminum panas, segar diminum dingin."
        ),
        is_halal=True,
        pirt_number=None,
        featured=True,
    ),
    ProductData(
        name="Bir Pletok Serbuk Instan",
        category_slug="minuman",
        member_key="mpok-heni-pletok",
        gallery_slug="galeri-umkm-serpong-utara",
        price=30000,
        unit="pouch 200 g",
        weight_g=230,
        stock=23,
        description=(
            "Bir pletok dalam bentuk serbuk dengan gula aren; seduh dua sendok dengan 200 ml air "
            "panas."
        ),
        is_halal=True,
        pirt_number="2133674011063-29",
        featured=False,
    ),
    ProductData(
        name="Wedang Uwuh Rempah",
        category_slug="minuman",
        member_key="mpok-heni-pletok",
        gallery_slug="galeri-umkm-serpong-utara",
        price=25000,
        unit="kotak 10 kantong",
        weight_g=200,
        stock=18,
        description=(
            "Campuran kayu secang, jahe, cengkih, daun pala, dan gula batu; seduh dengan air "
            "mendidih."
        ),
        is_halal=True,
        pirt_number="4133674021063-29",
        featured=False,
    ),
    ProductData(
        name="Bandrek Instan",
        category_slug="minuman",
        member_key="mpok-heni-pletok",
        gallery_slug="galeri-umkm-serpong-utara",
        price=25000,
        unit="pouch 200 g",
        weight_g=230,
        stock=35,
        description=(
            "Bandrek serbuk dari jahe, kayu manis, dan gula aren, penghangat badan saat hujan."
        ),
        is_halal=True,
        pirt_number="2133674031063-27",
        featured=False,
    ),
    ProductData(
        name="Abon Ikan Lele",
        category_slug="kuliner",
        member_key="bu-nani-abon",
        gallery_slug="galeri-umkm-ciputat",
        price=30000,
        unit="pouch 100 g",
        weight_g=130,
        stock=30,
        description=(
            "Abon dari ikan lele budidaya Serua, dimasak dengan santan dan rempah hingga kering "
            "dan seratnya halus."
        ),
        is_halal=True,
        pirt_number="2023674011100-27",
        featured=False,
    ),
    ProductData(
        name="Abon Sapi Manis",
        category_slug="kuliner",
        member_key="bu-nani-abon",
        gallery_slug="galeri-umkm-ciputat",
        price=45000,
        unit="pouch 100 g",
        weight_g=130,
        stock=56,
        description="Abon daging sapi dengan rasa manis gurih, tanpa campuran tepung.",
        is_halal=True,
        pirt_number="2023674021100-30",
        featured=False,
    ),
    ProductData(
        name="Bumbu Pecel Kacang",
        category_slug="kuliner",
        member_key="bu-nani-abon",
        gallery_slug="galeri-umkm-ciputat",
        price=22000,
        unit="bungkus 250 g",
        weight_g=280,
        stock=43,
        description=(
            "Bumbu pecel dari kacang tanah sangrai, cabai, dan daun jeruk; cukup diencerkan dengan "
            "air hangat."
        ),
        is_halal=True,
        pirt_number="2023674031100-28",
        featured=False,
    ),
    ProductData(
        name="Kentang Mustofa Kering Balado",
        category_slug="kuliner",
        member_key="bu-nani-abon",
        gallery_slug="galeri-umkm-ciputat",
        price=38000,
        unit="toples 250 g",
        weight_g=420,
        stock=52,
        description=(
            "Kentang iris korek api yang digoreng kering dengan kacang dan teri, dibalur balado "
            "manis pedas. Tahan sampai sebulan."
        ),
        is_halal=True,
        pirt_number="2023674041100-27",
        featured=False,
    ),
    ProductData(
        name="Kerupuk Kulit Sapi Rambak",
        category_slug="kuliner",
        member_key="pak-rohman-rambak",
        gallery_slug="galeri-umkm-ciputat",
        price=25000,
        unit="bungkus 100 g",
        weight_g=150,
        stock=50,
        description=(
            "Kerupuk kulit sapi yang mekar renyah dan gurih asin, teman makan soto dan sayur lodeh."
        ),
        is_halal=True,
        pirt_number="2013674011137-30",
        featured=False,
    ),
    ProductData(
        name="Kerupuk Kulit Sapi Pedas",
        category_slug="kuliner",
        member_key="pak-rohman-rambak",
        gallery_slug="galeri-umkm-ciputat",
        price=27000,
        unit="bungkus 100 g",
        weight_g=150,
        stock=33,
        description="Rambak dengan bumbu cabai bubuk dan bawang, pedas gurih.",
        is_halal=True,
        pirt_number="2013674021137-29",
        featured=False,
    ),
    ProductData(
        name="Kerupuk Kulit Sapi Mentah",
        category_slug="kuliner",
        member_key="pak-rohman-rambak",
        gallery_slug="galeri-umkm-ciputat",
        price=45000,
        unit="bungkus 250 g",
        weight_g=280,
        stock=34,
        description="Rambak mentah kering untuk digoreng sendiri di rumah dengan minyak panas.",
        is_halal=True,
        pirt_number="2013674031137-27",
        featured=False,
    ),
    ProductData(
        name="Kembang Goyang",
        category_slug="kuliner",
        member_key="bu-lilis-kue-betawi",
        gallery_slug="galeri-umkm-ciputat",
        price=40000,
        unit="toples 300 g",
        weight_g=500,
        stock=0,
        description=(
            "Kembang goyang dari tepung beras dan santan, dicetak dengan cetakan kuningan dan "
            "digoreng satu per satu."
        ),
        is_halal=True,
        pirt_number="2063674011174-29",
        featured=False,
    ),
    ProductData(
        name="Kue Satu Kacang Hijau",
        category_slug="kuliner",
        member_key="bu-lilis-kue-betawi",
        gallery_slug="galeri-umkm-ciputat",
        price=35000,
        unit="toples 300 g",
        weight_g=500,
        stock=13,
        description=(
            "Kue satu dari tepung kacang hijau sangrai dan gula halus, lembut dan langsung lumer."
        ),
        is_halal=True,
        pirt_number="2063674021174-27",
        featured=False,
    ),
    ProductData(
        name="Semprong Gulung Wijen",
        category_slug="kuliner",
        member_key="bu-lilis-kue-betawi",
        gallery_slug="galeri-umkm-ciputat",
        price=40000,
        unit="toples 300 g",
        weight_g=500,
        stock=41,
        description="Semprong gulung tipis rasa kelapa dan wijen, renyah dan wangi.",
        is_halal=True,
        pirt_number="2063674031174-30",
        featured=False,
    ),
    ProductData(
        name="Biji Ketapang",
        category_slug="kuliner",
        member_key="bu-lilis-kue-betawi",
        gallery_slug="galeri-umkm-ciputat",
        price=35000,
        unit="toples 300 g",
        weight_g=500,
        stock=39,
        description=(
            "Kue biji ketapang dari tepung terigu dan kelapa, keras renyah khas Lebaran Betawi."
        ),
        is_halal=True,
        pirt_number="2063674041174-29",
        featured=False,
    ),
    ProductData(
        name="Kopi Liberika Banten Biji Sangrai",
        category_slug="minuman",
        member_key="pak-iwan-kopi",
        gallery_slug="galeri-umkm-ciputat",
        price=75000,
        unit="pouch 250 g",
        weight_g=280,
        stock=11,
        description=(
            "Liberika dari Lebak dengan aroma nangka dan rasa sedikit smoky, disangrai medium."
        ),
        is_halal=True,
        pirt_number="2103674011211-29",
        featured=False,
    ),
    ProductData(
        name="Kopi Robusta Lampung Bubuk Halus",
        category_slug="minuman",
        member_key="pak-iwan-kopi",
        gallery_slug="galeri-umkm-ciputat",
        price=70000,
        unit="pouch 500 g",
        weight_g=530,
        stock=13,
        description=(
            "Robusta Lampung giling halus untuk kopi tubruk, kemasan besar untuk keluarga dan "
            "warung."
        ),
        is_halal=True,
        pirt_number="2103674021211-29",
        featured=False,
    ),
    ProductData(
        name="Cold Brew Kopi Aren",
        category_slug="minuman",
        member_key="pak-iwan-kopi",
        gallery_slug="galeri-umkm-ciputat",
        price=25000,
        unit="botol 250 ml",
        weight_g=300,
        stock=29,
        description=(
            "Robusta yang diseduh dingin selama 18 jam lalu dicampur sirup gula aren, tanpa susu."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kopi Rempah Betawi",
        category_slug="minuman",
        member_key="pak-iwan-kopi",
        gallery_slug="galeri-umkm-ciputat",
        price=40000,
        unit="pouch 200 g",
        weight_g=230,
        stock=39,
        description=(
            "Kopi bubuk dengan kapulaga, cengkih, dan kayu manis, mengingatkan pada kopi di "
            "hajatan Betawi."
        ),
        is_halal=True,
        pirt_number="2103674031211-27",
        featured=False,
    ),
    ProductData(
        name="Jahe Merah Bubuk Instan",
        category_slug="minuman",
        member_key="bu-euis-jamu",
        gallery_slug="galeri-umkm-ciputat",
        price=28000,
        unit="pouch 250 g",
        weight_g=280,
        stock=14,
        description=(
            "Jahe merah tua diparut, direbus dengan gula, lalu dikristalkan. Pedas-hangat dan "
            "larut sempurna."
        ),
        is_halal=True,
        pirt_number="2133674011248-30",
        featured=False,
    ),
    ProductData(
        name="Temulawak Instan",
        category_slug="minuman",
        member_key="bu-euis-jamu",
        gallery_slug="galeri-umkm-ciputat",
        price=28000,
        unit="pouch 250 g",
        weight_g=280,
        stock=25,
        description=(
            "Serbuk temulawak dengan gula aren, minuman tradisional untuk menjaga nafsu makan."
        ),
        is_halal=True,
        pirt_number="2133674021248-27",
        featured=False,
    ),
    ProductData(
        name="Kunyit Asam Serbuk",
        category_slug="minuman",
        member_key="bu-euis-jamu",
        gallery_slug="galeri-umkm-ciputat",
        price=26000,
        unit="pouch 250 g",
        weight_g=280,
        stock=28,
        description="Serbuk kunyit asam, tinggal seduh dengan air dingin atau hangat.",
        is_halal=True,
        pirt_number="2133674031248-29",
        featured=False,
    ),
    ProductData(
        name="Jamu Gula Asem",
        category_slug="minuman",
        member_key="bu-euis-jamu",
        gallery_slug="galeri-umkm-ciputat",
        price=12000,
        unit="botol 350 ml",
        weight_g=420,
        stock=22,
        description="Jamu asam jawa dan gula merah yang segar, disukai anak-anak.",
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kaos Sablon Pasar Ciputat",
        category_slug="fesyen",
        member_key="mas-fajar-sablon",
        gallery_slug="galeri-umkm-ciputat",
        price=90000,
        unit="pcs",
        weight_g=220,
        stock=0,
        description=(
            "Kaos katun combed 24s dengan ilustrasi jenaka suasana Pasar Ciputat, sablon rubber "
            "yang awet."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kaos Sablon Ondel-Ondel Dewasa",
        category_slug="fesyen",
        member_key="mas-fajar-sablon",
        gallery_slug="galeri-umkm-ciputat",
        price=95000,
        unit="pcs",
        weight_g=220,
        stock=17,
        description="Kaos dewasa bergambar sepasang ondel-ondel dengan warna cerah khas Betawi.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Topi Bordir Tangsel",
        category_slug="fesyen",
        member_key="mas-fajar-sablon",
        gallery_slug="galeri-umkm-ciputat",
        price=65000,
        unit="pcs",
        weight_g=120,
        stock=2,
        description="Topi baseball katun twill dengan bordir tulisan Tangsel dan bunga anggrek.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Hoodie Sablon Tangerang Selatan",
        category_slug="fesyen",
        member_key="mas-fajar-sablon",
        gallery_slug="galeri-umkm-ciputat",
        price=185000,
        unit="pcs",
        weight_g=550,
        stock=12,
        description=(
            "Hoodie fleece tebal dengan sablon tulisan Tangerang Selatan, cocok untuk musim hujan."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Keripik Bayam Renyah",
        category_slug="kuliner",
        member_key="mak-wati-camilan",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=15000,
        unit="bungkus 100 g",
        weight_g=130,
        stock=27,
        description=(
            "Daun bayam utuh dicelup adonan tepung beras berbumbu ketumbar, digoreng tipis dan "
            "renyah."
        ),
        is_halal=True,
        pirt_number="2153674011322-29",
        featured=False,
    ),
    ProductData(
        name="Keripik Talas Bogor",
        category_slug="kuliner",
        member_key="mak-wati-camilan",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=20000,
        unit="bungkus 200 g",
        weight_g=230,
        stock=10,
        description=(
            "Talas Bogor diiris tipis dengan bumbu asin; teksturnya lebih padat dari keripik "
            "singkong."
        ),
        is_halal=True,
        pirt_number="2153674021322-27",
        featured=False,
    ),
    ProductData(
        name="Opak Singkong Bakar",
        category_slug="kuliner",
        member_key="mak-wati-camilan",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=15000,
        unit="bungkus 10 lembar",
        weight_g=200,
        stock=50,
        description="Opak singkong yang dipanggang di atas bara, renyah dan wangi kelapa.",
        is_halal=True,
        pirt_number="2153674031322-27",
        featured=False,
    ),
    ProductData(
        name="Keripik Sukun Gurih",
        category_slug="kuliner",
        member_key="mak-wati-camilan",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=20000,
        unit="bungkus 200 g",
        weight_g=230,
        stock=54,
        description=(
            "Sukun dari pekarangan warga diiris tipis dan digoreng, gurih dengan sedikit manis."
        ),
        is_halal=True,
        pirt_number="2153674041322-29",
        featured=False,
    ),
    ProductData(
        name="Kain Ecoprint Sutra Daun Jati",
        category_slug="fesyen",
        member_key="bu-yanti-ecoprint",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=550000,
        unit="lembar (2 m)",
        weight_g=200,
        stock=3,
        description=(
            "Kain sutra dengan cetakan daun jati dan daun lanang, dibuat dengan teknik pukul dan "
            "kukus."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Pashmina Ecoprint Voal",
        category_slug="fesyen",
        member_key="bu-yanti-ecoprint",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=145000,
        unit="lembar (180 × 75 cm)",
        weight_g=150,
        stock=15,
        description=(
            "Pashmina voal dengan cetakan daun kenikir dan jarak, warna alami cokelat-kuning."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Outer Ecoprint Katun",
        category_slug="fesyen",
        member_key="bu-yanti-ecoprint",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=285000,
        unit="pcs (all size)",
        weight_g=350,
        stock=3,
        description=(
            "Outer model kimono dari katun bermotif daun eukaliptus, dijahit penjahit di Rengas."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Dompet Kulit Ecoprint",
        category_slug="kerajinan",
        member_key="bu-yanti-ecoprint",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=125000,
        unit="pcs",
        weight_g=150,
        stock=7,
        description=(
            "Dompet kulit domba dengan cetakan daun asli, dijahit tangan dengan benang lilin."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Taplak Meja Ecoprint",
        category_slug="kerajinan",
        member_key="bu-yanti-ecoprint",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=175000,
        unit="lembar (150 × 90 cm)",
        weight_g=300,
        stock=0,
        description=(
            "Taplak katun dengan cetakan daun jati dan secang, memberi nuansa alami di meja makan."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Gula Aren Cair",
        category_slug="gula-pemanis",
        member_key="pak-haris-aren",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=28000,
        unit="botol 250 ml",
        weight_g=380,
        stock=31,
        description=(
            "Gula aren yang dimasak perlahan sampai kental, tanpa pengawet dan tanpa tambahan gula "
            "tebu. Pas untuk es kopi susu."
        ),
        is_halal=True,
        pirt_number="1093674011396-29",
        featured=True,
    ),
    ProductData(
        name="Gula Aren Cair Jeriken 1 Liter",
        category_slug="gula-pemanis",
        member_key="pak-haris-aren",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=75000,
        unit="jeriken 1 liter",
        weight_g=1200,
        stock=46,
        description="Kemasan jeriken gula aren cair untuk kedai kopi dan usaha minuman.",
        is_halal=True,
        pirt_number="2093674021396-29",
        featured=False,
    ),
    ProductData(
        name="Sirup Gula Aren Original",
        category_slug="gula-pemanis",
        member_key="pak-haris-aren",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=50000,
        unit="botol 500 ml",
        weight_g=750,
        stock=49,
        description="Sirup gula aren kental untuk siraman pancake, es campur, dan kolak.",
        is_halal=True,
        pirt_number="1093674031396-28",
        featured=False,
    ),
    ProductData(
        name="Gula Aren Cair Pouch Isi Ulang",
        category_slug="gula-pemanis",
        member_key="pak-haris-aren",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=45000,
        unit="pouch 500 ml",
        weight_g=550,
        stock=16,
        description="Gula aren cair dalam pouch isi ulang bertutup ulir.",
        is_halal=True,
        pirt_number="2093674041396-28",
        featured=False,
    ),
    ProductData(
        name="Kinca Gula Aren Durian",
        category_slug="gula-pemanis",
        member_key="pak-haris-aren",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=35000,
        unit="botol 250 ml",
        weight_g=380,
        stock=47,
        description="Saus kinca gula aren dengan daging durian, cocok untuk serabi dan ketan.",
        is_halal=True,
        pirt_number="1093674051396-28",
        featured=False,
    ),
    ProductData(
        name="Hijab Segi Empat Voal Motif Blandongan",
        category_slug="fesyen",
        member_key="mira-hijab",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=75000,
        unit="lembar (115 × 115 cm)",
        weight_g=120,
        stock=10,
        description=(
            "Kerudung voal bermotif rumah blandongan khas Tangerang, dicetak digital di atas voal "
            "ultrafine."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Hijab Sport Jersey",
        category_slug="fesyen",
        member_key="mira-hijab",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=45000,
        unit="pcs",
        weight_g=120,
        stock=2,
        description="Hijab instan untuk olahraga dari bahan jersey yang cepat kering.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Ciput Rajut Anti Pusing",
        category_slug="fesyen",
        member_key="mira-hijab",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=15000,
        unit="pcs",
        weight_g=50,
        stock=17,
        description="Ciput rajut elastis yang tidak menekan kepala, tersedia banyak pilihan warna.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Pashmina Plisket Ceruty",
        category_slug="fesyen",
        member_key="mira-hijab",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=50000,
        unit="lembar (175 × 75 cm)",
        weight_g=150,
        stock=17,
        description="Pashmina plisket berbahan ceruty yang tidak mudah kusut.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Mangkuk Batok Kelapa",
        category_slug="kerajinan",
        member_key="pak-slamet-batok",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=45000,
        unit="set 2 pcs",
        weight_g=300,
        stock=17,
        description=(
            "Mangkuk dari batok kelapa tua yang diamplas halus dan dilapisi minyak kelapa, aman "
            "untuk makanan."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Sendok Sayur Batok Kelapa",
        category_slug="kerajinan",
        member_key="pak-slamet-batok",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=20000,
        unit="pcs",
        weight_g=80,
        stock=7,
        description="Sendok sayur dengan gagang kayu sawo, tidak menggores wajan antilengket.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Gantungan Kunci Batok Ukir",
        category_slug="kerajinan",
        member_key="pak-slamet-batok",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=10000,
        unit="pcs",
        weight_g=20,
        stock=8,
        description="Gantungan kunci dari batok berukir tulisan Tangsel, cocok untuk oleh-oleh.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Lampu Hias Batok Kelapa",
        category_slug="kerajinan",
        member_key="pak-slamet-batok",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=150000,
        unit="pcs",
        weight_g=600,
        stock=0,
        description=(
            "Lampu meja dari batok kelapa berlubang-lubang yang memantulkan cahaya berpola bintang."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Teh Telang Lemon Celup",
        category_slug="minuman",
        member_key="bu-ika-telang",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=30000,
        unit="kotak 20 kantong celup",
        weight_g=90,
        stock=12,
        description=(
            "Teh celup bunga telang dan kulit lemon; seduhannya biru dan berubah ungu saat diberi "
            "jeruk."
        ),
        is_halal=True,
        pirt_number="4103674011507-30",
        featured=False,
    ),
    ProductData(
        name="Sirup Bunga Telang",
        category_slug="minuman",
        member_key="bu-ika-telang",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=40000,
        unit="botol 500 ml",
        weight_g=700,
        stock=23,
        description=(
            "Sirup biru alami dari bunga telang yang berubah ungu bila ditambah perasan jeruk "
            "nipis."
        ),
        is_halal=True,
        pirt_number="1103674021507-28",
        featured=False,
    ),
    ProductData(
        name="Susu Kedelai Pandan",
        category_slug="minuman",
        member_key="bu-ika-telang",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=8000,
        unit="botol 250 ml",
        weight_g=280,
        stock=13,
        description=(
            "Susu kedelai segar tanpa pengawet yang dibuat setiap pagi. Tahan dua hari di kulkas."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Sari Lemon Murni",
        category_slug="minuman",
        member_key="bu-ika-telang",
        gallery_slug="galeri-umkm-ciputat-timur",
        price=45000,
        unit="botol 250 ml",
        weight_g=350,
        stock=23,
        description="Perasan lemon lokal tanpa gula; tiga sendok makan untuk segelas air hangat.",
        is_halal=True,
        pirt_number="1103674031507-29",
        featured=False,
    ),
    ProductData(
        name="Keripik Kentang Balado",
        category_slug="kuliner",
        member_key="ratih-kripik",
        gallery_slug="galeri-umkm-pondok-aren",
        price=40000,
        unit="toples 250 g",
        weight_g=400,
        stock=23,
        description=(
            "Kentang Dieng diiris korek api, digoreng kering, dan dibalur sambal balado manis "
            "pedas."
        ),
        is_halal=True,
        pirt_number="2153674011544-27",
        featured=False,
    ),
    ProductData(
        name="Keripik Pisang Keju Susu",
        category_slug="kuliner",
        member_key="ratih-kripik",
        gallery_slug="galeri-umkm-pondok-aren",
        price=22000,
        unit="bungkus 200 g",
        weight_g=240,
        stock=34,
        description="Keripik pisang kepok dengan bubuk keju dan susu, gurih manis.",
        is_halal=True,
        pirt_number="2153674021544-28",
        featured=False,
    ),
    ProductData(
        name="Keripik Singkong Jagung Bakar",
        category_slug="kuliner",
        member_key="ratih-kripik",
        gallery_slug="galeri-umkm-pondok-aren",
        price=17000,
        unit="bungkus 200 g",
        weight_g=240,
        stock=32,
        description="Keripik singkong dengan bumbu jagung bakar manis-gurih yang wangi.",
        is_halal=True,
        pirt_number="2153674031544-28",
        featured=False,
    ),
    ProductData(
        name="Keripik Usus Ayam Krispi",
        category_slug="kuliner",
        member_key="ratih-kripik",
        gallery_slug="galeri-umkm-pondok-aren",
        price=20000,
        unit="bungkus 100 g",
        weight_g=130,
        stock=21,
        description=(
            "Usus ayam yang dibersihkan tiga kali, dibalut tepung berbumbu, dan digoreng garing."
        ),
        is_halal=True,
        pirt_number="2153674041544-27",
        featured=False,
    ),
    ProductData(
        name="Rengginang Ketan Goreng",
        category_slug="kuliner",
        member_key="bang-samsul-rengginang",
        gallery_slug="galeri-umkm-pondok-aren",
        price=35000,
        unit="toples 300 g",
        weight_g=500,
        stock=40,
        description="Rengginang ketan putih yang sudah digoreng, gurih dengan aroma terasi tipis.",
        is_halal=True,
        pirt_number="2063674011581-27",
        featured=False,
    ),
    ProductData(
        name="Rengginang Ketan Hitam Mentah",
        category_slug="kuliner",
        member_key="bang-samsul-rengginang",
        gallery_slug="galeri-umkm-pondok-aren",
        price=18000,
        unit="bungkus 250 g",
        weight_g=280,
        stock=28,
        description=(
            "Rengginang mentah dari ketan hitam, goreng sebentar di minyak panas sampai mekar."
        ),
        is_halal=True,
        pirt_number="2063674021581-30",
        featured=False,
    ),
    ProductData(
        name="Wajik Ketan Gula Aren",
        category_slug="kuliner",
        member_key="bang-samsul-rengginang",
        gallery_slug="galeri-umkm-pondok-aren",
        price=45000,
        unit="kotak 500 g",
        weight_g=600,
        stock=26,
        description="Wajik ketan legit dari gula aren dan santan, dipotong belah ketupat.",
        is_halal=True,
        pirt_number="4063674031581-30",
        featured=False,
    ),
    ProductData(
        name="Sambal Terasi Matang",
        category_slug="kuliner",
        member_key="mpok-yayah-sambal",
        gallery_slug="galeri-umkm-pondok-aren",
        price=30000,
        unit="botol 200 g",
        weight_g=380,
        stock=0,
        description=(
            "Sambal terasi Cirebon dengan tomat, dimasak sampai minyaknya keluar, tahan dua bulan."
        ),
        is_halal=True,
        pirt_number="1113674011618-27",
        featured=False,
    ),
    ProductData(
        name="Sambal Bajak",
        category_slug="kuliner",
        member_key="mpok-yayah-sambal",
        gallery_slug="galeri-umkm-pondok-aren",
        price=30000,
        unit="botol 200 g",
        weight_g=380,
        stock=27,
        description="Sambal bajak dengan gula merah dan lengkuas, manis pedas khas rumahan.",
        is_halal=True,
        pirt_number="1113674021618-28",
        featured=False,
    ),
    ProductData(
        name="Sambal Ebi",
        category_slug="kuliner",
        member_key="mpok-yayah-sambal",
        gallery_slug="galeri-umkm-pondok-aren",
        price=38000,
        unit="botol 150 g",
        weight_g=330,
        stock=9,
        description="Ebi ditumbuk kasar dan ditumis dengan cabai, gurih untuk nasi hangat.",
        is_halal=True,
        pirt_number="1113674031618-28",
        featured=False,
    ),
    ProductData(
        name="Sambal Tongkol Suwir",
        category_slug="kuliner",
        member_key="mpok-yayah-sambal",
        gallery_slug="galeri-umkm-pondok-aren",
        price=40000,
        unit="botol 200 g",
        weight_g=380,
        stock=30,
        description="Ikan tongkol asap yang disuwir dengan sambal merah, bisa langsung jadi lauk.",
        is_halal=True,
        pirt_number="1113674041618-28",
        featured=False,
    ),
    ProductData(
        name="Tas Rajut Sling Bag",
        category_slug="kerajinan",
        member_key="erna-knit",
        gallery_slug="galeri-umkm-pondok-aren",
        price=135000,
        unit="pcs",
        weight_g=300,
        stock=10,
        description="Sling bag rajut dari benang katun susu dengan tali panjang yang bisa diatur.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Gantungan Kunci Rajut Buah",
        category_slug="kerajinan",
        member_key="erna-knit",
        gallery_slug="galeri-umkm-pondok-aren",
        price=15000,
        unit="pcs",
        weight_g=20,
        stock=11,
        description="Gantungan kunci rajut berbentuk stroberi, jeruk, dan alpukat.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Tempat Botol Minum Rajut",
        category_slug="kerajinan",
        member_key="erna-knit",
        gallery_slug="galeri-umkm-pondok-aren",
        price=45000,
        unit="pcs",
        weight_g=80,
        stock=22,
        description="Sarung botol minum rajut dengan tali selempang, muat botol 600 ml.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Keranjang Rajut Tali Kur",
        category_slug="kerajinan",
        member_key="erna-knit",
        gallery_slug="galeri-umkm-pondok-aren",
        price=95000,
        unit="pcs (diameter 25 cm)",
        weight_g=400,
        stock=2,
        description="Keranjang rajut tali kur yang kokoh untuk wadah mainan atau pakaian kotor.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Cardigan Rajut Wanita",
        category_slug="fesyen",
        member_key="erna-knit",
        gallery_slug="galeri-umkm-pondok-aren",
        price=245000,
        unit="pcs (all size)",
        weight_g=450,
        stock=6,
        description=(
            "Cardigan rajut tangan dari benang akrilik lembut, dikerjakan sekitar dua minggu."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Topi Kupluk Rajut",
        category_slug="fesyen",
        member_key="erna-knit",
        gallery_slug="galeri-umkm-pondok-aren",
        price=55000,
        unit="pcs",
        weight_g=100,
        stock=4,
        description="Kupluk rajut hangat untuk naik motor malam atau bepergian ke daerah dingin.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Jamu Kunyit Sirih",
        category_slug="minuman",
        member_key="bu-ningsih-jamu",
        gallery_slug="galeri-umkm-pondok-aren",
        price=13000,
        unit="botol 350 ml",
        weight_g=420,
        stock=14,
        description=(
            "Kunyit dan daun sirih direbus dengan gula aren, jamu segar yang dibotolkan setiap "
            "pagi."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Jamu Beras Kencur Literan",
        category_slug="minuman",
        member_key="bu-ningsih-jamu",
        gallery_slug="galeri-umkm-pondok-aren",
        price=35000,
        unit="botol 1 liter",
        weight_g=1150,
        stock=6,
        description=(
            "Beras kencur kemasan literan untuk keluarga; simpan di kulkas dan habiskan dalam tiga "
            "hari."
        ),
        is_halal=True,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Wedang Jahe Serai Serbuk",
        category_slug="minuman",
        member_key="bu-ningsih-jamu",
        gallery_slug="galeri-umkm-pondok-aren",
        price=25000,
        unit="pouch 200 g",
        weight_g=230,
        stock=0,
        description="Serbuk jahe dan serai dengan gula aren, hangat dan harum.",
        is_halal=True,
        pirt_number="2133674011692-28",
        featured=False,
    ),
    ProductData(
        name="Wedang Secang Kering",
        category_slug="minuman",
        member_key="bu-ningsih-jamu",
        gallery_slug="galeri-umkm-pondok-aren",
        price=20000,
        unit="pouch 100 g",
        weight_g=130,
        stock=15,
        description=(
            "Serutan kayu secang dengan cengkih dan kayu manis; seduhannya merah dan harum rempah."
        ),
        is_halal=True,
        pirt_number="2133674021692-30",
        featured=False,
    ),
    ProductData(
        name="Kaos Sablon Stasiun Jurangmangu",
        category_slug="fesyen",
        member_key="mas-dimas-sablon",
        gallery_slug="galeri-umkm-pondok-aren",
        price=95000,
        unit="pcs",
        weight_g=220,
        stock=20,
        description=(
            "Kaos katun combed 30s dengan ilustrasi Stasiun Jurangmangu dan kereta commuter."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kaos Sablon Anggrek Vanda Putih",
        category_slug="fesyen",
        member_key="mas-dimas-sablon",
        gallery_slug="galeri-umkm-pondok-aren",
        price=95000,
        unit="pcs",
        weight_g=220,
        stock=6,
        description="Kaos putih dengan sablon anggrek vanda dalam garis tinta hitam yang tipis.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Totebag Kanvas Sablon Tangsel",
        category_slug="fesyen",
        member_key="mas-dimas-sablon",
        gallery_slug="galeri-umkm-pondok-aren",
        price=45000,
        unit="pcs",
        weight_g=150,
        stock=5,
        description=(
            "Totebag kanvas tebal dengan sablon peta Tangerang Selatan dan tujuh kecamatannya."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kaos Oversize Sablon Bintaro",
        category_slug="fesyen",
        member_key="mas-dimas-sablon",
        gallery_slug="galeri-umkm-pondok-aren",
        price=110000,
        unit="pcs",
        weight_g=260,
        stock=19,
        description=(
            "Kaos oversize katun 24s dengan ilustrasi jalan-jalan Bintaro, sablon discharge yang "
            "lembut."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Gula Kelapa Cetak",
        category_slug="gula-pemanis",
        member_key="bu-tati-gula",
        gallery_slug="galeri-umkm-pondok-aren",
        price=22000,
        unit="bungkus 500 g",
        weight_g=530,
        stock=11,
        description=(
            "Gula kelapa dari Banyumas berbentuk silinder, manis legit untuk masakan dan kolak."
        ),
        is_halal=True,
        pirt_number="2093674011766-28",
        featured=False,
    ),
    ProductData(
        name="Gula Semut Kelapa",
        category_slug="gula-pemanis",
        member_key="bu-tati-gula",
        gallery_slug="galeri-umkm-pondok-aren",
        price=40000,
        unit="pouch 500 g",
        weight_g=530,
        stock=56,
        description="Gula semut dari nira kelapa, lebih ringan rasanya dibanding gula semut aren.",
        is_halal=True,
        pirt_number="2093674021766-28",
        featured=False,
    ),
    ProductData(
        name="Gula Batu Kuning",
        category_slug="gula-pemanis",
        member_key="bu-tati-gula",
        gallery_slug="galeri-umkm-pondok-aren",
        price=20000,
        unit="pouch 500 g",
        weight_g=530,
        stock=51,
        description="Gula batu kristal kuning untuk teh tubruk dan wedang.",
        is_halal=True,
        pirt_number="2093674031766-27",
        featured=False,
    ),
    ProductData(
        name="Gula Aren Serut Siap Pakai",
        category_slug="gula-pemanis",
        member_key="bu-tati-gula",
        gallery_slug="galeri-umkm-pondok-aren",
        price=22000,
        unit="pouch 250 g",
        weight_g=270,
        stock=12,
        description="Gula aren yang sudah diserut halus, langsung pakai untuk kue dan bubur.",
        is_halal=True,
        pirt_number="2093674041766-29",
        featured=False,
    ),
    ProductData(
        name="Paket Hampers Gula Aren",
        category_slug="gula-pemanis",
        member_key="bu-tati-gula",
        gallery_slug="galeri-umkm-pondok-aren",
        price=150000,
        unit="kotak anyaman",
        weight_g=1500,
        stock=21,
        description=(
            "Kotak anyaman berisi gula aren cetak, gula semut, dan sirup gula aren, cocok untuk "
            "bingkisan."
        ),
        is_halal=True,
        pirt_number="4093674051766-29",
        featured=False,
    ),
    ProductData(
        name="Kain Batik Tulis Motif Anggrek Vanda",
        category_slug="fesyen",
        member_key="bu-hartini-batik",
        gallery_slug="galeri-batik-tangsel",
        price=850000,
        unit="lembar (2 m × 1,15 m)",
        weight_g=300,
        stock=2,
        description=(
            "Batik tulis di atas katun primisima dengan motif anggrek vanda douglas, bunga ikon "
            "Tangerang Selatan. Dikerjakan sekitar empat minggu."
        ),
        is_halal=False,
        pirt_number=None,
        featured=True,
    ),
    ProductData(
        name="Kain Batik Tulis Motif Blandongan",
        category_slug="fesyen",
        member_key="bu-hartini-batik",
        gallery_slug="galeri-batik-tangsel",
        price=950000,
        unit="lembar (2 m × 1,15 m)",
        weight_g=300,
        stock=3,
        description=(
            "Motif rumah blandongan, rumah adat Tangerang, digambar dengan canting halus dan "
            "diwarnai tiga kali."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Batik Tulis Pewarna Alam Motif Kembang Anggrek",
        category_slug="fesyen",
        member_key="bu-hartini-batik",
        gallery_slug="galeri-batik-tangsel",
        price=1250000,
        unit="lembar (2,25 m × 1,15 m)",
        weight_g=320,
        stock=0,
        description=(
            "Batik tulis dengan pewarna alam indigo, tingi, dan jolawe; warnanya lembut dan makin "
            "indah setelah dicuci."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Selendang Batik Tulis Motif Anggrek",
        category_slug="fesyen",
        member_key="bu-hartini-batik",
        gallery_slug="galeri-batik-tangsel",
        price=350000,
        unit="lembar (200 × 50 cm)",
        weight_g=120,
        stock=17,
        description="Selendang sutra dengan batik tulis motif anggrek, cocok untuk kondangan.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kemeja Batik Tulis Pria Motif Blandongan",
        category_slug="fesyen",
        member_key="bu-hartini-batik",
        gallery_slug="galeri-batik-tangsel",
        price=650000,
        unit="pcs",
        weight_g=350,
        stock=2,
        description=(
            "Kemeja lengan panjang dari batik tulis motif blandongan, berfuring, dijahit rapi."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Batik Cap Motif Blandongan",
        category_slug="fesyen",
        member_key="pak-sugeng-batik-cap",
        gallery_slug="galeri-batik-tangsel",
        price=185000,
        unit="lembar (2 m)",
        weight_g=280,
        stock=7,
        description=(
            "Batik cap tembaga motif blandongan di atas katun prima, warna cokelat soga dan biru."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Batik Cap Motif Kembang Anggrek",
        category_slug="fesyen",
        member_key="pak-sugeng-batik-cap",
        gallery_slug="galeri-batik-tangsel",
        price=175000,
        unit="lembar (2 m)",
        weight_g=280,
        stock=12,
        description=(
            "Batik cap motif kembang anggrek dengan latar putih gading, cocok untuk seragam kantor."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Batik Cap Motif Kali Cisadane",
        category_slug="fesyen",
        member_key="pak-sugeng-batik-cap",
        gallery_slug="galeri-batik-tangsel",
        price=185000,
        unit="lembar (2 m)",
        weight_g=280,
        stock=19,
        description=(
            "Motif gelombang Sungai Cisadane dengan perahu eretan, dicap dan diwarnai colet."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Batik Cap Motif Sulur Anggrek",
        category_slug="fesyen",
        member_key="pak-sugeng-batik-cap",
        gallery_slug="galeri-batik-tangsel",
        price=175000,
        unit="lembar (2 m)",
        weight_g=280,
        stock=8,
        description="Sulur dan kelopak anggrek yang saling merambat, batik cap dua warna.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Batik Kombinasi Tulis Cap Motif Blandongan",
        category_slug="fesyen",
        member_key="pak-sugeng-batik-cap",
        gallery_slug="galeri-batik-tangsel",
        price=375000,
        unit="lembar (2 m)",
        weight_g=280,
        stock=9,
        description=(
            "Pola dasar blandongan dicap, lalu isen-isennya ditulis tangan sehingga lebih hidup."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kemeja Batik Cap Pria Motif Blandongan Lengan Pendek",
        category_slug="fesyen",
        member_key="bu-purwati-konveksi",
        gallery_slug="galeri-batik-tangsel",
        price=225000,
        unit="pcs",
        weight_g=300,
        stock=11,
        description=(
            "Kemeja lengan pendek dari batik cap motif blandongan, katun adem untuk kerja dan "
            "kondangan."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kemeja Batik Cap Pria Motif Anggrek Lengan Panjang",
        category_slug="fesyen",
        member_key="bu-purwati-konveksi",
        gallery_slug="galeri-batik-tangsel",
        price=265000,
        unit="pcs",
        weight_g=350,
        stock=19,
        description="Kemeja lengan panjang berfuring dengan motif anggrek, ukuran M sampai XXL.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Blus Batik Wanita Motif Sulur Anggrek",
        category_slug="fesyen",
        member_key="bu-purwati-konveksi",
        gallery_slug="galeri-batik-tangsel",
        price=195000,
        unit="pcs",
        weight_g=250,
        stock=8,
        description="Blus batik cap model kerah shanghai dengan kancing kayu, nyaman untuk kerja.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Daster Batik Cap Kali Cisadane",
        category_slug="fesyen",
        member_key="bu-purwati-konveksi",
        gallery_slug="galeri-batik-tangsel",
        price=95000,
        unit="pcs (all size)",
        weight_g=250,
        stock=11,
        description=(
            "Daster batik cap yang longgar dan adem, dengan kancing depan untuk ibu menyusui."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Outer Batik Cap Motif Kali Cisadane",
        category_slug="fesyen",
        member_key="bu-purwati-konveksi",
        gallery_slug="galeri-batik-tangsel",
        price=210000,
        unit="pcs (all size)",
        weight_g=300,
        stock=0,
        description=(
            "Outer batik tanpa kancing dengan motif Cisadane, dipadukan dengan kaos atau gamis "
            "polos."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kemeja Batik Anak Motif Anggrek",
        category_slug="fesyen",
        member_key="bu-purwati-konveksi",
        gallery_slug="galeri-batik-tangsel",
        price=120000,
        unit="pcs",
        weight_g=180,
        stock=7,
        description="Kemeja batik anak usia 4–10 tahun, motif anggrek berwarna cerah.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Kain Ecoprint Katun Daun Jarak",
        category_slug="fesyen",
        member_key="bu-nining-ecoprint",
        gallery_slug="galeri-batik-tangsel",
        price=295000,
        unit="lembar (2 m)",
        weight_g=300,
        stock=20,
        description="Kain katun dengan cetakan daun jarak kepyar yang berwarna ungu kecokelatan.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Tunik Ecoprint",
        category_slug="fesyen",
        member_key="bu-nining-ecoprint",
        gallery_slug="galeri-batik-tangsel",
        price=265000,
        unit="pcs (all size)",
        weight_g=300,
        stock=16,
        description=(
            "Tunik katun rayon dengan motif daun kenikir dan jati, potongan longgar sepanjang "
            "lutut."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Totebag Ecoprint Kanvas Motif Kenikir",
        category_slug="kerajinan",
        member_key="bu-nining-ecoprint",
        gallery_slug="galeri-batik-tangsel",
        price=90000,
        unit="pcs",
        weight_g=200,
        stock=13,
        description="Totebag kanvas tebal dengan cetakan daun kenikir dan pewarna secang.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Hijab Segi Empat Batik Cap Blandongan",
        category_slug="fesyen",
        member_key="bu-sumi-hijab-batik",
        gallery_slug="galeri-batik-tangsel",
        price=85000,
        unit="lembar (115 × 115 cm)",
        weight_g=120,
        stock=15,
        description="Hijab katun voal dengan batik cap motif blandongan, tepinya dijahit tangan.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Peci Batik Motif Anggrek",
        category_slug="fesyen",
        member_key="bu-sumi-hijab-batik",
        gallery_slug="galeri-batik-tangsel",
        price=55000,
        unit="pcs",
        weight_g=100,
        stock=3,
        description="Peci berlapis kain batik cap motif anggrek, ringan dan tidak panas.",
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Sarung Batik Cap Pria",
        category_slug="fesyen",
        member_key="bu-sumi-hijab-batik",
        gallery_slug="galeri-batik-tangsel",
        price=165000,
        unit="lembar",
        weight_g=450,
        stock=7,
        description=(
            "Sarung katun dengan batik cap motif sulur anggrek, nyaman untuk salat dan bersantai."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Dompet Perca Batik",
        category_slug="kerajinan",
        member_key="bu-sumi-hijab-batik",
        gallery_slug="galeri-batik-tangsel",
        price=35000,
        unit="pcs",
        weight_g=60,
        stock=23,
        description=(
            "Dompet resleting dari perca batik sisa produksi koperasi, setiap dompet motifnya unik."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
    ProductData(
        name="Miniatur Ondel-Ondel Sepasang",
        category_slug="kerajinan",
        member_key="bu-sumi-hijab-batik",
        gallery_slug="galeri-batik-tangsel",
        price=150000,
        unit="sepasang (tinggi 30 cm)",
        weight_g=600,
        stock=6,
        description=(
            "Sepasang miniatur ondel-ondel berbaju batik dengan kepala dari bubur kertas, "
            "oleh-oleh khas Betawi."
        ),
        is_halal=False,
        pirt_number=None,
        featured=False,
    ),
)


# --- Generated products for benchmarks ------------------------------------------------------

# A size: (label in the name, unit, shipping weight in grams, price factor on the base price).
_Size = tuple[str, str, int, float]
# A template: (base words, variants, sizes, base price in rupiah, P-IRT food type code or None
# for non-food, P-IRT packaging code, description with {v} for the variant).
_Template = tuple[str, tuple[str, ...], tuple[_Size, ...], int, int | None, int, str]

_SNACK_SIZES: tuple[_Size, ...] = (
    ("100 g", "bungkus 100 g", 130, 0.45),
    ("250 g", "bungkus 250 g", 290, 1.0),
    ("500 g", "kantong 500 g", 550, 1.8),
    ("1 kg", "kantong 1 kg", 1080, 3.4),
)
_JAR_SIZES: tuple[_Size, ...] = (
    ("250 g", "toples 250 g", 420, 1.0),
    ("500 g", "toples 500 g", 780, 1.85),
)
_SAMBAL_SIZES: tuple[_Size, ...] = (
    ("100 g", "botol 100 g", 250, 0.7),
    ("150 g", "botol 150 g", 330, 1.0),
    ("250 g", "botol 250 g", 480, 1.55),
)
_SUGAR_SIZES: tuple[_Size, ...] = (
    ("250 g", "pouch 250 g", 270, 1.0),
    ("500 g", "pouch 500 g", 530, 1.8),
    ("1 kg", "pouch 1 kg", 1050, 3.4),
)
_BOTTLE_SIZES: tuple[_Size, ...] = (
    ("250 ml", "botol 250 ml", 380, 1.0),
    ("500 ml", "botol 500 ml", 720, 1.75),
    ("1 liter", "botol 1 liter", 1250, 3.2),
)
_DRINK_SIZES: tuple[_Size, ...] = (
    ("250 ml", "botol 250 ml", 300, 0.8),
    ("350 ml", "botol 350 ml", 420, 1.0),
    ("1 liter", "botol 1 liter", 1150, 2.7),
)
_POWDER_SIZES: tuple[_Size, ...] = (
    ("100 g", "pouch 100 g", 130, 0.55),
    ("200 g", "pouch 200 g", 230, 1.0),
    ("500 g", "pouch 500 g", 540, 2.2),
)
_TEA_SIZES: tuple[_Size, ...] = (
    ("30 g", "pouch 30 g", 60, 0.7),
    ("50 g", "pouch 50 g", 80, 1.0),
    ("Isi 20 Kantong", "kotak 20 kantong celup", 90, 1.05),
)
_BASKET_SIZES: tuple[_Size, ...] = (
    ("Kecil", "pcs (diameter 20 cm)", 350, 0.7),
    ("Sedang", "pcs (diameter 30 cm)", 600, 1.0),
    ("Besar", "pcs (diameter 40 cm)", 900, 1.5),
)
_BAG_SIZES: tuple[_Size, ...] = (
    ("Mini", "pcs", 200, 0.65),
    ("Sedang", "pcs", 350, 1.0),
    ("Besar", "pcs", 500, 1.3),
)
_POT_SIZES: tuple[_Size, ...] = (
    ("15 cm", "pcs", 1100, 0.7),
    ("20 cm", "pcs", 1800, 1.0),
    ("30 cm", "pcs", 3200, 1.8),
)
_CLOTH_SIZES: tuple[_Size, ...] = (
    ("2 m", "lembar (2 m)", 300, 1.0),
    ("2,5 m", "lembar (2,5 m)", 370, 1.25),
)
_WEAR_SIZES: tuple[_Size, ...] = (
    ("Ukuran S", "pcs", 230, 1.0),
    ("Ukuran M", "pcs", 240, 1.0),
    ("Ukuran L", "pcs", 250, 1.0),
    ("Ukuran XL", "pcs", 270, 1.05),
    ("Ukuran XXL", "pcs", 290, 1.1),
)
_SCARF_SIZES: tuple[_Size, ...] = (
    ("110 cm", "lembar (110 × 110 cm)", 100, 1.0),
    ("115 cm", "lembar (115 × 115 cm)", 120, 1.1),
    ("Pashmina", "lembar (180 × 75 cm)", 150, 1.15),
)

_SCALE_TEMPLATES: dict[str, tuple[_Template, ...]] = {
    "kuliner": (
        (
            "Keripik Singkong",
            ("Balado", "Original", "Keju", "Pedas Daun Jeruk", "Jagung Bakar", "Rumput Laut"),
            _SNACK_SIZES,
            18000,
            15,
            2,
            "Keripik singkong rasa {v}, diiris tipis dan digoreng renyah tanpa pengawet.",
        ),
        (
            "Keripik Pisang",
            ("Cokelat", "Manis Gula Aren", "Asin", "Keju Susu", "Balado", "Green Tea"),
            _SNACK_SIZES,
            20000,
            14,
            2,
            "Keripik pisang kepok rasa {v}, renyah dan tidak berminyak.",
        ),
        (
            "Keripik Tempe",
            ("Sagu", "Daun Jeruk", "Pedas", "Original"),
            _SNACK_SIZES,
            22000,
            15,
            2,
            "Keripik tempe {v} dari kedelai lokal, diiris setipis kertas.",
        ),
        (
            "Kerupuk",
            ("Ikan Tenggiri", "Udang", "Bawang", "Kulit Sapi", "Rambak Pedas"),
            _SNACK_SIZES,
            30000,
            2,
            2,
            "Kerupuk {v} buatan rumahan, dijemur matahari dan mekar besar saat digoreng.",
        ),
        (
            "Rempeyek",
            ("Kacang Tanah", "Teri", "Kacang Hijau", "Udang Rebon"),
            _JAR_SIZES,
            32000,
            6,
            2,
            "Rempeyek {v} dengan adonan tepung beras, kencur, dan daun jeruk.",
        ),
        (
            "Sambal",
            ("Bawang", "Cumi Asin", "Roa", "Teri Kacang", "Terasi", "Ebi"),
            _SAMBAL_SIZES,
            35000,
            11,
            1,
            "Sambal {v} dimasak sampai matang, tahan dua bulan bila disimpan tertutup.",
        ),
        (
            "Dodol Betawi",
            ("Ketan Hitam", "Ketan Putih", "Durian", "Nangka"),
            _JAR_SIZES,
            30000,
            6,
            4,
            "Dodol Betawi {v} yang diaduk berjam-jam di kuali dengan santan dan gula aren.",
        ),
        (
            "Kue Kering",
            ("Nastar", "Kastengel", "Putri Salju", "Lidah Kucing", "Kue Kacang", "Semprit"),
            _JAR_SIZES,
            55000,
            6,
            2,
            "Kue kering {v} yang dipanggang dengan mentega, cocok untuk suguhan Lebaran.",
        ),
    ),
    "gula-pemanis": (
        (
            "Gula Aren Cetak",
            ("Batok", "Koin", "Silinder", "Batang"),
            _SUGAR_SIZES,
            16000,
            9,
            2,
            "Gula aren cetak bentuk {v} dari nira murni, tanpa campuran gula tebu.",
        ),
        (
            "Gula Semut Aren",
            ("Original", "Jahe", "Kayu Manis", "Kunyit", "Vanila", "Rempah"),
            _SUGAR_SIZES,
            26000,
            9,
            2,
            "Gula semut aren {v} yang diayak halus dan mudah larut.",
        ),
        (
            "Sirup Gula Aren",
            ("Original", "Pandan", "Vanila", "Kayu Manis"),
            _BOTTLE_SIZES,
            30000,
            9,
            1,
            "Sirup gula aren {v} yang kental, untuk es kopi susu, es campur, dan kolak.",
        ),
        (
            "Gula Aren Cair",
            ("Murni", "Kental", "Kemasan Kedai"),
            _BOTTLE_SIZES,
            28000,
            9,
            2,
            "Gula aren cair ({v}) yang dimasak perlahan dari nira aren, tanpa pengawet.",
        ),
        (
            "Madu",
            ("Randu", "Kelengkeng", "Hutan Baduy", "Multiflora"),
            _BOTTLE_SIZES,
            75000,
            9,
            1,
            "Madu {v} murni dari peternak lebah anggota koperasi.",
        ),
    ),
    "minuman": (
        (
            "Kopi Bubuk",
            ("Robusta Pandeglang", "Robusta Lampung", "Arabika Gayo", "Liberika Banten"),
            _POWDER_SIZES,
            40000,
            10,
            2,
            "Kopi bubuk {v} yang disangrai setiap minggu dan digiling sedang.",
        ),
        (
            "Wedang",
            ("Jahe Merah", "Uwuh", "Secang", "Sereh", "Bandrek"),
            _POWDER_SIZES,
            25000,
            13,
            2,
            "Wedang {v} instan dengan gula aren, cukup diseduh air panas.",
        ),
        (
            "Teh",
            ("Rosela", "Bunga Telang", "Daun Kelor", "Serai Lemon", "Melati"),
            _TEA_SIZES,
            28000,
            10,
            4,
            "Teh {v} dari kebun pekarangan, dikeringkan dengan suhu rendah.",
        ),
        (
            "Sirup",
            ("Markisa", "Kalamansi", "Rosela", "Pala", "Jahe Sereh"),
            _BOTTLE_SIZES,
            30000,
            14,
            1,
            "Sirup {v} tanpa pewarna, encerkan satu bagian dengan empat bagian air.",
        ),
        (
            "Jamu",
            ("Kunyit Asam", "Beras Kencur", "Temulawak", "Sirih Kunci"),
            _DRINK_SIZES,
            12000,
            None,
            1,
            "Jamu {v} segar buatan pagi hari, simpan di kulkas dan habiskan dalam tiga hari.",
        ),
    ),
    "kerajinan": (
        (
            "Keranjang Anyaman Bambu",
            ("Natural", "Cokelat Pernis", "Hitam", "Kombinasi Rotan"),
            _BASKET_SIZES,
            45000,
            None,
            0,
            "Keranjang anyaman bambu tali ({v}), dianyam rapat oleh perajin Setu.",
        ),
        (
            "Tas Anyaman Pandan",
            ("Natural", "Motif Kotak", "Warna Marun", "Kombinasi Batik"),
            _BAG_SIZES,
            85000,
            None,
            0,
            "Tas anyaman pandan ({v}) dengan furing kain dan pegangan yang kuat.",
        ),
        (
            "Tas Rajut",
            ("Benang Nilon", "Tali Kur", "Katun Susu", "Motif Granny Square"),
            _BAG_SIZES,
            150000,
            None,
            0,
            "Tas rajut tangan ({v}), dirajut rapat sehingga tidak melar.",
        ),
        (
            "Pot Gerabah",
            ("Polos", "Motif Anggrek", "Glasir Hijau", "Ukir Bunga"),
            _POT_SIZES,
            35000,
            None,
            0,
            "Pot tanah liat bakar model {v}, berpori sehingga akar tanaman tetap sejuk.",
        ),
        (
            "Totebag Ecoprint",
            ("Daun Jati", "Daun Jarak", "Daun Kenikir", "Daun Eukaliptus"),
            _BAG_SIZES,
            90000,
            None,
            0,
            "Totebag kanvas dengan cetakan {v} asli, diwarnai dengan pewarna alam.",
        ),
    ),
    "fesyen": (
        (
            "Kain Batik Cap Motif",
            ("Blandongan", "Anggrek", "Kali Cisadane", "Sulur Anggrek", "Kembang Anggrek"),
            _CLOTH_SIZES,
            180000,
            None,
            0,
            "Kain batik cap motif {v} khas Tangerang Selatan di atas katun primisima.",
        ),
        (
            "Kemeja Batik Cap Motif",
            ("Blandongan", "Anggrek", "Kali Cisadane", "Sulur Anggrek"),
            _WEAR_SIZES,
            225000,
            None,
            0,
            "Kemeja batik cap motif {v}, katun adem dengan furing di bagian punggung.",
        ),
        (
            "Kaos Sablon",
            ("Anggrek Vanda", "Ondel-Ondel", "Sungai Cisadane", "Aye Anak Tangsel"),
            _WEAR_SIZES,
            95000,
            None,
            0,
            "Kaos katun combed 30s dengan sablon {v}, disablon manual oleh anak muda Tangsel.",
        ),
        (
            "Hijab Voal",
            ("Motif Anggrek", "Motif Blandongan", "Polos Mocca", "Polos Sage", "Ecoprint"),
            _SCARF_SIZES,
            65000,
            None,
            0,
            "Hijab voal {v} yang lembut, tidak menerawang, dan mudah dibentuk.",
        ),
        (
            "Kain Ecoprint",
            ("Katun Daun Jati", "Sutra Daun Lanang", "Rayon Kenikir", "Katun Eukaliptus"),
            _CLOTH_SIZES,
            300000,
            None,
            0,
            "Kain ecoprint {v}, setiap lembar motifnya berbeda karena dicetak dari daun asli.",
        ),
    ),
}


def scaled_products(count: int, seed: int = 0) -> Iterator[ProductData]:
    """Yield `count` extra generated products for benchmarks, deterministic for a seed.

    Products are spread round-robin over every gallery; each names a member of the gallery's
    cooperative who already sells in that category. Names end in a running number (``#1`` to
    ``#count``), so they are unique within one call and never clash with the curated
    `PRODUCTS`. Calls with another seed reuse the same names and galleries for other products,
    so seed a database from one seed only. Uses its own `random.Random`, never the global one.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    rng = random.Random(seed)  # noqa: S311 -- demo data, not security
    rand = rng.random

    member_coop = {m.key: m.cooperative_slug for m in MEMBERS}
    member_no = {m.key: 101 + 37 * i for i, m in enumerate(MEMBERS)}
    sellers: dict[tuple[str, str], list[str]] = {}
    for p in PRODUCTS:
        keys = sellers.setdefault((member_coop[p.member_key], p.category_slug), [])
        if p.member_key not in keys:
            keys.append(p.member_key)
    coop_members: dict[str, list[str]] = {}
    for m in MEMBERS:
        coop_members.setdefault(m.cooperative_slug, []).append(m.key)

    templates = [(cat, t) for cat, ts in _SCALE_TEMPLATES.items() for t in ts]
    # Per gallery: the templates of the categories its cooperative's members make, each with
    # the members to choose from (a cooperative making nothing yet may sell anything).
    per_gallery: list[tuple[str, list[tuple[str, _Template, tuple[str, ...]]]]] = []
    for g in GALLERIES:
        options = [
            (cat, t, tuple(sellers[(g.cooperative_slug, cat)]))
            for cat, t in templates
            if (g.cooperative_slug, cat) in sellers
        ]
        if not options:
            anyone = tuple(coop_members.get(g.cooperative_slug, ()))
            options = [(cat, t, anyone) for cat, t in templates] if anyone else []
        if options:
            per_gallery.append((g.slug, options))
    if count and not per_gallery:
        raise ValueError("no gallery has members to sell scaled products")
    n_galleries = len(per_gallery)

    for n in range(1, count + 1):
        gallery_slug, options = per_gallery[(n - 1) % n_galleries]
        cat, template, pool = options[int(rand() * len(options))]
        base, variants, sizes, base_price, food_type, packaging, text = template
        variant = variants[int(rand() * len(variants))]
        label, unit, weight, factor = sizes[int(rand() * len(sizes))]
        member = pool[int(rand() * len(pool))]
        raw = base_price * factor * (0.85 + 0.3 * rand())
        step = 500 if raw < 20_000 else 1_000 if raw < 100_000 else 5_000
        price = max(int(raw / step + 0.5) * step, 500)
        if food_type is None:
            pirt = None
        else:
            pirt = (
                f"{packaging}{food_type:02d}3674{1 + int(rand() * 30):02d}"
                f"{member_no[member]:04d}-{27 + int(rand() * 4)}"
            )
        yield ProductData(
            name=f"{base} {variant} {label} #{n}",
            category_slug=cat,
            member_key=member,
            gallery_slug=gallery_slug,
            price=price,
            unit=unit,
            weight_g=weight,
            stock=0 if rand() < 1 / 12 else 1 + int(rand() * 80),
            description=text.format(v=variant),
            is_halal=cat != "kerajinan" and cat != "fesyen",
            pirt_number=pirt,
            featured=False,
        )
