"""Demo stories in the portal's style: (title, category, tags, paragraphs). {unit} and {city} are filled in."""

STORIES = [
    (
        "{unit} Gelar Patroli Skala Besar Jelang Akhir Pekan",
        "Kamtibmas",
        ["Patroli", "Kamtibmas"],
        [
            "{unit} menggelar patroli skala besar di sejumlah titik rawan di wilayah {city} untuk menjaga situasi keamanan dan ketertiban masyarakat jelang akhir pekan.",
            "Patroli melibatkan personel gabungan dari fungsi Samapta, Lalu Lintas dan Reserse yang menyisir pusat keramaian, pasar dan kawasan permukiman.",
            "“Kehadiran polisi di tengah masyarakat diharapkan memberi rasa aman sekaligus mencegah gangguan kamtibmas,” ujar Kapolres dalam keterangannya.",
            "Masyarakat diimbau segera melapor melalui layanan Polri 110 apabila menemukan hal-hal yang mencurigakan.",
        ],
    ),
    (
        "Operasi Keselamatan: {unit} Bagikan Helm kepada Pengendara",
        "Lalu Lintas",
        ["Operasi Keselamatan", "Lalu Lintas"],
        [
            "Satuan Lalu Lintas {unit} membagikan helm standar kepada pengendara sepeda motor dalam rangka Operasi Keselamatan di {city}.",
            "Kegiatan ini bertujuan menumbuhkan kesadaran tertib berlalu lintas, terutama penggunaan helm bagi pengendara dan penumpang.",
            "“Keselamatan adalah kebutuhan. Kami lebih mengedepankan edukasi daripada penindakan,” kata Kasat Lantas.",
        ],
    ),
    (
        "Jumat Curhat, {unit} Tampung Keluhan Warga {city}",
        "Binmas",
        ["Jumat Curhat", "Polmas"],
        [
            "{unit} kembali menggelar program Jumat Curhat bersama tokoh masyarakat, tokoh agama dan warga {city}.",
            "Dalam kegiatan itu warga menyampaikan berbagai keluhan, mulai dari balap liar, peredaran minuman keras hingga penipuan daring.",
            "Setiap masukan dicatat dan akan ditindaklanjuti oleh fungsi terkait sebagai wujud pelayanan Polri yang Presisi.",
        ],
    ),
    (
        "{unit} Salurkan Bantuan Sosial untuk Warga Terdampak Banjir",
        "Kegiatan Sosial",
        ["Bakti Sosial", "Bencana"],
        [
            "Personel {unit} menyalurkan paket sembako, air bersih dan obat-obatan kepada warga {city} yang terdampak banjir.",
            "Selain menyalurkan bantuan, personel juga membantu evakuasi warga lanjut usia dan anak-anak ke posko pengungsian.",
            "“Polri hadir untuk masyarakat, terlebih dalam situasi sulit seperti ini,” ujar Kapolres saat meninjau posko.",
        ],
    ),
    (
        "Satreskrim {unit} Ungkap Kasus Pencurian Kendaraan Bermotor",
        "Reserse",
        ["Curanmor", "Reserse"],
        [
            "Satuan Reserse Kriminal {unit} berhasil mengungkap kasus pencurian kendaraan bermotor yang meresahkan warga {city}.",
            "Dari tangan para tersangka, polisi mengamankan sejumlah sepeda motor beserta kunci letter T yang digunakan dalam aksinya.",
            "Para tersangka dijerat Pasal 363 KUHP tentang pencurian dengan pemberatan dengan ancaman hukuman maksimal tujuh tahun penjara.",
        ],
    ),
    (
        "{unit} Ajak Warganet Lawan Hoaks Jelang Pemilu",
        "Humas Polri",
        ["Hoax", "Pemilu", "Media Sosial"],
        [
            "Bidang Humas {unit} mengajak warganet di {city} untuk bijak bermedia sosial dan tidak mudah menyebarkan informasi yang belum jelas kebenarannya.",
            "Menurut Kabid Humas, berita bohong dan ujaran kebencian berpotensi memecah belah persatuan menjelang pesta demokrasi.",
            "Masyarakat dapat memeriksa kebenaran informasi melalui kanal resmi Polri dan melaporkan konten provokatif melalui patroli siber.",
        ],
    ),
    (
        "Apel Pengecekan Kesiapan Personel dan Sarana Prasarana {unit}",
        "Humas Polri",
        ["Apel", "Kesiapan Personel"],
        [
            "Pimpinan {unit} memimpin apel pengecekan kesiapan personel dan sarana prasarana di halaman markas {city}.",
            "Pengecekan meliputi kelengkapan perorangan, kendaraan dinas dan peralatan pendukung tugas pengamanan.",
            "Pimpinan apel menekankan agar seluruh personel menjaga netralitas, disiplin dan humanis dalam melayani masyarakat.",
        ],
    ),
    (
        "Polisi Sahabat Anak, {unit} Kunjungi Sekolah Dasar di {city}",
        "Binmas",
        ["Polisi Sahabat Anak", "Pendidikan"],
        [
            "Personel Satbinmas {unit} mengunjungi sekolah dasar di {city} dalam program Polisi Sahabat Anak.",
            "Para siswa dikenalkan rambu lalu lintas, cara menyeberang jalan yang aman dan pentingnya melapor bila mengalami perundungan.",
            "Kegiatan ditutup dengan pembagian alat tulis dan foto bersama para siswa serta dewan guru.",
        ],
    ),
]
