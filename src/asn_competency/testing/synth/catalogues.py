"""What realistic values are drawn from: positions and their education levels, agencies and
their locations, provinces, religions, names; the keywords and shares of special tracks; the
test components scored in steps."""

#: Positions and the education level each asks for.
POSITIONS: tuple[tuple[str, str], ...] = (
    ("Analis Kebijakan Ahli Pertama", "S1"),
    ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "S1"),
    ("Pranata Komputer Ahli Pertama", "S1"),
    ("Pranata Komputer Terampil", "D3"),
    ("Perencana Ahli Pertama", "S1"),
    ("Auditor Ahli Pertama", "S1"),
    ("Analis Keuangan Pusat dan Daerah Ahli Pertama", "S1"),
    ("Statistisi Ahli Pertama", "S1"),
    ("Statistisi Terampil", "D3"),
    ("Pengelola Pengadaan Barang/Jasa Ahli Pertama", "S1"),
    ("Arsiparis Terampil", "D3"),
    ("Pustakawan Ahli Pertama", "S1"),
    ("Perawat Terampil", "D3"),
    ("Perawat Ahli Pertama", "S1"),
    ("Bidan Terampil", "D3"),
    ("Dokter Ahli Pertama", "S1"),
    ("Apoteker Ahli Pertama", "S1"),
    ("Guru Ahli Pertama", "S1"),
    ("Penyuluh Pertanian Ahli Pertama", "S1"),
    ("Penata Kelola Sistem dan Teknologi Informasi", "D4"),
    ("Dosen Asisten Ahli", "S2"),
    ("Peneliti Ahli Pertama", "S3"),
    ("Penjaga Tahanan", "SMA"),
    ("Pengadministrasi Perkantoran", "SMA"),
)

PAPUA_LOCATIONS = ("Jayapura", "Merauke", "Manokwari", "Sorong", "Nabire", "Timika")

#: Central agencies (offices across the country) and regional governments (their own area).
CENTRAL_AGENCIES = (
    "Kementerian Keuangan",
    "Kementerian Kesehatan",
    "Kementerian Agama",
    "Kementerian Hukum",
    "Badan Pusat Statistik",
    "Badan Kepegawaian Negara",
    "Kementerian Pertanian",
)
CENTRAL_LOCATIONS: tuple[str, ...] = (
    "Jakarta Pusat",
    "Jakarta Selatan",
    "Surabaya",
    "Medan",
    "Makassar",
    "Bandung",
    "Semarang",
    "Yogyakarta",
    "Denpasar",
    "Balikpapan",
    "Palembang",
    "Kupang",
    "Pontianak",
    "Manado",
    "Ambon",
    *PAPUA_LOCATIONS,
)
REGIONAL_AGENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Pemerintah Kota Surabaya",
        (
            "Kecamatan Gayungan",
            "Kecamatan Wonokromo",
            "Kecamatan Tegalsari",
            "Kecamatan Rungkut",
            "Kecamatan Sukolilo",
            "Kecamatan Genteng",
        ),
    ),
    ("Pemerintah Provinsi Jawa Timur", ("Surabaya", "Malang", "Kediri", "Madiun", "Jember")),
    ("Pemerintah Provinsi Jawa Barat", ("Bandung", "Bogor", "Cirebon", "Tasikmalaya")),
    ("Pemerintah Provinsi Sulawesi Selatan", ("Makassar", "Parepare", "Palopo", "Bone")),
    ("Pemerintah Kabupaten Sidoarjo", ("Sidoarjo", "Waru", "Krian", "Porong")),
    ("Pemerintah Provinsi Papua", ("Jayapura", "Biak", "Sarmi", "Keerom")),
    ("Pemerintah Provinsi Papua Barat", ("Manokwari", "Fakfak", "Kaimana")),
)
PAPUA_PLACES = frozenset((*PAPUA_LOCATIONS, "Biak", "Sarmi", "Keerom", "Fakfak", "Kaimana"))

#: Provinces with rough population weights (percent).
PROVINCES: tuple[tuple[str, float], ...] = (
    ("Jawa Barat", 18.0),
    ("Jawa Timur", 15.0),
    ("Jawa Tengah", 13.0),
    ("Sumatera Utara", 5.5),
    ("Banten", 4.5),
    ("DKI Jakarta", 4.0),
    ("Sulawesi Selatan", 3.3),
    ("Lampung", 3.3),
    ("Sumatera Selatan", 3.1),
    ("Riau", 2.5),
    ("Sumatera Barat", 2.0),
    ("Nusa Tenggara Timur", 2.0),
    ("Nusa Tenggara Barat", 2.0),
    ("Aceh", 2.0),
    ("Kalimantan Barat", 2.0),
    ("Bali", 1.6),
    ("Kalimantan Selatan", 1.5),
    ("Kalimantan Timur", 1.4),
    ("DI Yogyakarta", 1.4),
    ("Jambi", 1.3),
    ("Sulawesi Tengah", 1.1),
    ("Kalimantan Tengah", 1.0),
    ("Sulawesi Tenggara", 1.0),
    ("Sulawesi Utara", 0.9),
    ("Kepulauan Riau", 0.8),
    ("Maluku", 0.7),
    ("Bengkulu", 0.7),
    ("Papua", 0.6),
    ("Bangka Belitung", 0.5),
    ("Sulawesi Barat", 0.5),
    ("Maluku Utara", 0.5),
    ("Papua Tengah", 0.5),
    ("Gorontalo", 0.4),
    ("Papua Pegunungan", 0.5),
    ("Papua Barat", 0.2),
    ("Papua Selatan", 0.2),
    ("Papua Barat Daya", 0.2),
    ("Kalimantan Utara", 0.3),
)
PAPUA_PROVINCES = tuple(name for name, _ in PROVINCES if name.startswith("Papua"))

RELIGIONS: tuple[tuple[str, float], ...] = (
    ("Islam", 87.0),
    ("Kristen", 7.4),
    ("Katolik", 3.1),
    ("Hindu", 1.7),
    ("Buddha", 0.7),
    ("Khonghucu", 0.05),
)
GIVEN_NAMES = (
    "Adi", "Ayu", "Bayu", "Budi", "Citra", "Dewi", "Dian", "Eka", "Fajar", "Gita", "Hadi",
    "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putri", "Rizky", "Sari", "Tono",
    "Wahyu", "Yohanes", "Yuli",
)  # fmt: skip
FAMILY_NAMES = (
    "Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat", "Kurniawan", "Siregar", "Nasution",
    "Pratama", "Rahmawati", "Setiawan", "Simanjuntak", "Wenda", "Rumbiak", "Tanjung", "Utami",
)  # fmt: skip

#: Keywords by which a field name says it belongs to a special track.
TRACK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "cumlaude": ("cumlaude", "cum_laude"),
    "diaspora": ("diaspora",),
    "disabilitas": ("disab",),
    "papua": ("papua",),
}
#: Share (percent) of formations per special track; an undeclared track is skipped.
TRACK_SHARES: dict[str, float] = {"cumlaude": 4.0, "disabilitas": 3.0, "diaspora": 1.5}
PAPUA_TRACK_SHARE = 15.0  # percent of the formations located in Papua
OTHER_TRACK_SHARE = 2.0
#: Components scored in steps (points per correct answer).
SCORE_STEPS = {"twk": 5, "tiu": 5}
