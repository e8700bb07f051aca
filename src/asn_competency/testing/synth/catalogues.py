"""What realistic values are drawn from: positions and their education levels, agencies and
their locations, provinces, religions, names; the keywords and shares of special tracks; the
test components scored in steps.

Two kinds of catalogue (:mod:`._catalogue` chooses one per policy):

- **National** (CPNS, PPPK): the positions of :data:`POSITIONS` at central agencies across the
  country and regional governments in their own area, with the education programmes a
  formation lists (:data:`PROGRAMMES`) and the positions whose age limit is 40.
- **Local** (a policy for one office): the office a position standard names and the offices
  under it (:data:`GAZETTEER`), the standard's own position, the education levels usual for
  its type of position (:data:`EDUCATION_BY_POSITION_TYPE`) and small quotas
  (:data:`LOCAL_QUOTAS`).
"""

from dataclasses import dataclass

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
    ("Dokter Spesialis Ahli Pertama", "S2"),
    ("Dosen Asisten Ahli", "S2"),
    ("Dosen Lektor", "S3"),
    ("Peneliti Ahli Pertama", "S3"),
    ("Penjaga Tahanan", "SMA"),
    ("Pengadministrasi Perkantoran", "SMA"),
)

#: Study programmes a formation of the position may name (kualifikasi pendidikan), without
#: the level: a formation lists some of them after its level's prefix ("S-1 Ilmu Hukum").
PROGRAMMES: dict[str, tuple[str, ...]] = {
    "Analis Kebijakan Ahli Pertama": (
        "Ilmu Administrasi Negara", "Ilmu Pemerintahan", "Ilmu Hukum", "Ilmu Politik",
        "Ilmu Ekonomi",
    ),
    "Analis Sumber Daya Manusia Aparatur Ahli Pertama": (
        "Psikologi", "Manajemen", "Ilmu Administrasi Negara", "Manajemen Sumber Daya Manusia",
    ),
    "Pranata Komputer Ahli Pertama": (
        "Teknik Informatika", "Sistem Informasi", "Ilmu Komputer", "Teknik Komputer",
    ),
    "Pranata Komputer Terampil": ("Teknik Informatika", "Manajemen Informatika", "Teknik Komputer"),
    "Perencana Ahli Pertama": (
        "Perencanaan Wilayah dan Kota", "Ilmu Ekonomi", "Ilmu Administrasi Negara", "Statistika",
    ),
    "Auditor Ahli Pertama": ("Akuntansi", "Manajemen", "Ilmu Hukum"),
    "Analis Keuangan Pusat dan Daerah Ahli Pertama": ("Akuntansi", "Ilmu Ekonomi", "Manajemen"),
    "Statistisi Ahli Pertama": ("Statistika", "Matematika", "Ilmu Ekonomi"),
    "Statistisi Terampil": ("Statistika", "Komputasi Statistik"),
    "Pengelola Pengadaan Barang/Jasa Ahli Pertama": (
        "Ilmu Hukum", "Manajemen", "Teknik Sipil", "Akuntansi",
    ),
    "Arsiparis Terampil": ("Kearsipan", "Manajemen Informasi dan Dokumentasi"),
    "Pustakawan Ahli Pertama": ("Ilmu Perpustakaan", "Ilmu Informasi dan Perpustakaan"),
    "Perawat Terampil": ("Keperawatan",),
    "Perawat Ahli Pertama": ("Keperawatan", "Ilmu Keperawatan"),
    "Bidan Terampil": ("Kebidanan",),
    "Dokter Ahli Pertama": ("Pendidikan Dokter",),
    "Dokter Spesialis Ahli Pertama": (
        "Ilmu Penyakit Dalam", "Ilmu Kesehatan Anak", "Obstetri dan Ginekologi", "Anestesiologi",
    ),
    "Apoteker Ahli Pertama": ("Farmasi",),
    "Guru Ahli Pertama": (
        "Pendidikan Matematika", "Pendidikan Bahasa Indonesia", "Pendidikan Guru Sekolah Dasar",
        "Pendidikan Bahasa Inggris",
    ),
    "Penyuluh Pertanian Ahli Pertama": ("Agroteknologi", "Agribisnis", "Penyuluhan Pertanian"),
    "Penata Kelola Sistem dan Teknologi Informasi": (
        "Teknologi Rekayasa Perangkat Lunak", "Teknik Informatika",
    ),
    "Dosen Asisten Ahli": ("Ilmu Hukum", "Teknik Sipil", "Ilmu Ekonomi", "Pendidikan Matematika"),
    "Dosen Lektor": ("Ilmu Hukum", "Teknik Elektro", "Ilmu Ekonomi", "Kimia"),
    "Peneliti Ahli Pertama": ("Biologi", "Kimia", "Fisika", "Ilmu Lingkungan"),
    "Penjaga Tahanan": ("Semua Jurusan",),
    "Pengadministrasi Perkantoran": ("Semua Jurusan", "Administrasi Perkantoran"),
}  # fmt: skip

#: Programmes of applicants who apply to a formation that does not list theirs.
PROGRAMMES_ELSEWHERE = ("Ilmu Komunikasi", "Sastra Inggris", "Teknik Mesin", "Agroteknologi")

#: How a formation writes each education level before a programme (D-III, S-1, ...).
LEVEL_PREFIXES: dict[str, str] = {
    "SMA": "SMA/SMK",
    "D3": "D-III",
    "D4": "D-IV",
    "S1": "S-1",
    "S2": "S-2",
    "S3": "S-3",
}

#: Positions whose maximum age is 40, not 35: specialist doctors, and lecturers and researchers
#: with a doctorate (PermenPANRB 6/2024 as reported; docs/domain.md, "CPNS age limits", marks
#: it [W]).
AGE_40_POSITIONS = frozenset(
    {"Dokter Spesialis Ahli Pertama", "Dosen Lektor", "Peneliti Ahli Pertama"}
)

#: Retirement ages (batas usia pensiun) other than 58, the age of administrative positions and
#: of the functional levels up to ahli muda (PP 11/2017 as amended): teachers 60, lecturers 65.
RETIREMENT_AGES: dict[str, int] = {
    "Guru Ahli Pertama": 60,
    "Dosen Asisten Ahli": 65,
    "Dosen Lektor": 65,
}
DEFAULT_RETIREMENT_AGE = 58

#: The level of a position, from the end of its name (functional levels), for a formation
#: field that names it; any other position is a pelaksana post.
POSITION_LEVEL_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("Ahli Pertama", "ahli_pertama"),
    ("Ahli Muda", "ahli_muda"),
    ("Ahli Madya", "ahli_madya"),
    ("Ahli Utama", "ahli_utama"),
    ("Asisten Ahli", "ahli_pertama"),
    ("Lektor", "ahli_muda"),
    ("Terampil", "terampil"),
    ("Pemula", "pemula"),
    ("Mahir", "mahir"),
    ("Penyelia", "penyelia"),
)

#: The usual age at which each education level is completed: nobody younger applies with it,
#: and relevant work experience is counted from it.
GRADUATION_AGES: dict[str, int] = {"SMA": 18, "D3": 21, "D4": 22, "S1": 22, "S2": 24, "S3": 28}
DEFAULT_GRADUATION_AGE = 20

#: Study-programme accreditation codes (BAN-PT: the older A/B/C and the newer Unggul, Baik
#: Sekali, Baik), matched by their lower-case spelling, with rough shares (percent) among
#: applicants; the first two are the highest grade (the cumlaude track asks for it).
ACCREDITATIONS: tuple[tuple[str, float], ...] = (
    ("a", 30.0),
    ("unggul", 15.0),
    ("b", 30.0),
    ("baik_sekali", 15.0),
    ("c", 5.0),
    ("baik", 5.0),
)
TOP_ACCREDITATIONS = ("a", "unggul")

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
    ("Pemerintah Provinsi Jawa Tengah", ("Semarang", "Surakarta", "Magelang", "Pekalongan")),
    ("Pemerintah Provinsi Sumatera Utara", ("Medan", "Pematangsiantar", "Sibolga", "Binjai")),
    ("Pemerintah Provinsi Bali", ("Denpasar", "Singaraja", "Gianyar")),
    ("Pemerintah Provinsi Kalimantan Timur", ("Samarinda", "Balikpapan", "Bontang")),
    ("Pemerintah Provinsi Nusa Tenggara Timur", ("Kupang", "Ende", "Maumere")),
    ("Pemerintah Kota Bandung", ("Kecamatan Coblong", "Kecamatan Sukajadi", "Kecamatan Cicendo")),
    (
        "Pemerintah Kota Medan",
        ("Kecamatan Medan Baru", "Kecamatan Medan Kota", "Kecamatan Medan Timur"),
    ),
    ("Pemerintah Kabupaten Banyuwangi", ("Banyuwangi", "Genteng", "Rogojampi", "Muncar")),
    ("Pemerintah Kabupaten Jayapura", ("Sentani", "Waibu", "Depapre")),
)
PAPUA_PLACES = frozenset(
    (
        *PAPUA_LOCATIONS,
        "Biak",
        "Sarmi",
        "Keerom",
        "Fakfak",
        "Kaimana",
        "Sentani",
        "Waibu",
        "Depapre",
    )
)
#: Codes by which a formation field for the kind of agency (``agency_type``, ``jenis_instansi``)
#: says central or regional; a policy that allows only the regional codes (CPNS 2024 encodes the
#: SKB of regional agencies only) gets formations of regional governments only.
CENTRAL_CODES = ("pusat", "central")
REGIONAL_CODES = ("daerah", "regional")
AGENCY_WORDS = ("agency", "instansi")


#: Offices under an office, by the region they are in, for a policy whose position standard
#: names its unit ("Kecamatan Gayungan, Kota Surabaya"): the province the region is in, and
#: the kelurahan of each kecamatan (Kecamatan Gayungan has four: Gayungan, Ketintang,
#: Menanggal and Dukuh Menanggal).
@dataclass(frozen=True, slots=True)
class Region:
    """A kota or kabupaten: its province and the offices under each of its units."""

    province: str
    units: dict[str, tuple[str, ...]]


GAZETTEER: dict[str, Region] = {
    "Kota Surabaya": Region(
        province="Jawa Timur",
        units={
            "Kecamatan Gayungan": (
                "Kelurahan Gayungan",
                "Kelurahan Ketintang",
                "Kelurahan Menanggal",
                "Kelurahan Dukuh Menanggal",
            ),
        },
    ),
}
#: The government a region's name belongs to ("Kota Surabaya" → "Pemerintah Kota Surabaya").
REGION_KINDS = ("Kota ", "Kabupaten ", "Provinsi ")
#: Share (percent) of a local office's applicants from the region's own province.
LOCAL_PROVINCE_SHARE = 85.0

#: Education levels (with weights, percent) usual for formations of a type of position: a
#: front-office pelaksana post is filled from D3 mostly, also SMA and S1 (the Gayungan policy's
#: own formations are D3 and S1); functional positions at their entry level.
EDUCATION_BY_POSITION_TYPE: dict[str, tuple[tuple[str, float], ...]] = {
    "pelaksana": (("D3", 50.0), ("SMA", 25.0), ("S1", 25.0)),
    "fungsional_pemula": (("SMA", 100.0),),
    "fungsional_terampil": (("D3", 100.0),),
    "fungsional_mahir": (("D3", 100.0),),
    "fungsional_penyelia": (("D3", 100.0),),
    "fungsional_ahli_pertama": (("S1", 85.0), ("D4", 15.0)),
    "fungsional_ahli_muda": (("S1", 70.0), ("S2", 30.0)),
}
#: Other types of position (structural, senior functional): S1 and S2.
EDUCATION_OTHERWISE: tuple[tuple[str, float], ...] = (("S1", 60.0), ("S2", 40.0))
#: Quotas of a local office's formations: one or two posts (percent).
LOCAL_QUOTAS: tuple[tuple[int, float], ...] = ((1, 70.0), (2, 30.0))

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

#: Words by which a field's name says what it holds (see ``_draw._about``): an age (a
#: formation flag for the age limit of 40), study programmes (a formation's list of
#: qualifications, the candidate's own), years of experience.
AGE_WORDS = ("usia", "umur", "age")
PROGRAMME_WORDS = ("qualif", "kualifikasi", "program", "prodi", "jurusan")
RETIREMENT_WORDS = ("pensiun", "retire", "bup")
EXPERIENCE_WORDS = ("experience", "pengalaman", "kerja")
ACCREDITATION_WORDS = ("accredit", "akreditasi")
DIPLOMA_WORDS = ("diploma", "ijazah")
#: Keywords by which a field name says it belongs to a special track.
TRACK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "cumlaude": ("cumlaude", "cum_laude"),
    "diaspora": ("diaspora",),
    "disabilitas": ("disab",),
    "papua": ("papua",),
}
#: Share (percent) of formations per special track; an undeclared track is skipped.
TRACK_SHARES: dict[str, float] = {"cumlaude": 4.0, "disabilitas": 3.0, "diaspora": 1.5}
#: The cumlaude track is for S1 graduates and higher (docs/domain.md, "CPNS education").
CUMLAUDE_LEVELS = ("S1", "S2", "S3")
PAPUA_TRACK_SHARE = 15.0  # percent of the formations located in Papua
OTHER_TRACK_SHARE = 2.0
#: Components scored in steps (points per correct answer).
SCORE_STEPS = {"twk": 5, "tiu": 5}
