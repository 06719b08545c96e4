"""Demo units: the 34 provinces and cities after the 2025 merger, and a few communes and agencies in Thái Nguyên.

Demo data: check names against the official list before relying on them. Codes are our own ("P-TN", "C-TN-…", "A-TN-…"), not the official administrative codes. ``seed_demo_units()``
is idempotent: running it again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from lms.organisations.models import Unit
from lms.organisations.services import unit_create

K = Unit.Kind

# (code, Vietnamese name, English name): the 34 provincial-level units from 1 July 2025.
PROVINCES = [
    ("P-HN", "Hà Nội", "Hanoi"),
    ("P-HUE", "Huế", "Hue"),
    ("P-LCH", "Lai Châu", "Lai Chau"),
    ("P-DB", "Điện Biên", "Dien Bien"),
    ("P-SL", "Sơn La", "Son La"),
    ("P-LS", "Lạng Sơn", "Lang Son"),
    ("P-QNI", "Quảng Ninh", "Quang Ninh"),
    ("P-TH", "Thanh Hóa", "Thanh Hoa"),
    ("P-NA", "Nghệ An", "Nghe An"),
    ("P-HT", "Hà Tĩnh", "Ha Tinh"),
    ("P-CB", "Cao Bằng", "Cao Bang"),
    ("P-TQ", "Tuyên Quang", "Tuyen Quang"),
    ("P-LCA", "Lào Cai", "Lao Cai"),
    ("P-TN", "Thái Nguyên", "Thai Nguyen"),
    ("P-PT", "Phú Thọ", "Phu Tho"),
    ("P-BN", "Bắc Ninh", "Bac Ninh"),
    ("P-HY", "Hưng Yên", "Hung Yen"),
    ("P-HP", "Hải Phòng", "Hai Phong"),
    ("P-NB", "Ninh Bình", "Ninh Binh"),
    ("P-QT", "Quảng Trị", "Quang Tri"),
    ("P-DN", "Đà Nẵng", "Da Nang"),
    ("P-QNG", "Quảng Ngãi", "Quang Ngai"),
    ("P-GL", "Gia Lai", "Gia Lai"),
    ("P-KH", "Khánh Hòa", "Khanh Hoa"),
    ("P-LD", "Lâm Đồng", "Lam Dong"),
    ("P-DL", "Đắk Lắk", "Dak Lak"),
    ("P-HCM", "TP. Hồ Chí Minh", "Ho Chi Minh City"),
    ("P-DNA", "Đồng Nai", "Dong Nai"),
    ("P-TNI", "Tây Ninh", "Tay Ninh"),
    ("P-CT", "Cần Thơ", "Can Tho"),
    ("P-VL", "Vĩnh Long", "Vinh Long"),
    ("P-DT", "Đồng Tháp", "Dong Thap"),
    ("P-CM", "Cà Mau", "Ca Mau"),
    ("P-AG", "An Giang", "An Giang"),
]

DEMO_PROVINCE = "P-TN"
DEMO_COMMUNE = "C-TN-PHANDINHPHUNG"
DEMO_AGENCY = "A-TN-SKHCN"

# (parent code, code, name, English name, kind) under the demo province, parents before children.
DEMO_TREE = [
    (DEMO_PROVINCE, DEMO_AGENCY, "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "Thai Nguyen Department of Science and Technology", K.AGENCY),
    (DEMO_PROVINCE, DEMO_COMMUNE, "Phường Phan Đình Phùng", "Phan Dinh Phung Ward", K.COMMUNE),
    (DEMO_PROVINCE, "C-TN-GIASANG", "Phường Gia Sàng", "Gia Sang Ward", K.COMMUNE),
    (DEMO_PROVINCE, "C-TN-QUYETTHANG", "Phường Quyết Thắng", "Quyet Thang Ward", K.COMMUNE),
    (DEMO_PROVINCE, "C-TN-PHOYEN", "Phường Phổ Yên", "Pho Yen Ward", K.COMMUNE),
    (DEMO_PROVINCE, "C-TN-TICHLUONG", "Phường Tích Lương", "Tich Luong Ward", K.COMMUNE),
    (DEMO_PROVINCE, "C-TN-DINHHOA", "Xã Định Hóa", "Dinh Hoa Commune", K.COMMUNE),
    (DEMO_COMMUNE, "A-TN-UBND-PDP", "UBND phường Phan Đình Phùng", "Phan Dinh Phung Ward People's Committee", K.AGENCY),
    (DEMO_COMMUNE, "S-TN-THPT-CHUYEN", "Trường THPT Chuyên Thái Nguyên", "Thai Nguyen High School for the Gifted", K.SCHOOL),
    ("C-TN-DINHHOA", "A-TN-UBND-DINHHOA", "UBND xã Định Hóa", "Dinh Hoa Commune People's Committee", K.AGENCY),
    ("C-TN-DINHHOA", "R-TN-DINHHOA-BANCOC", "Thôn Bản Cọc", "Ban Coc Village", K.RESIDENTIAL),
    # Added for the managers' demo (the demo manager manages Phan Đình Phùng; its own places to drill into).
    (DEMO_COMMUNE, "R-TN-PDP-TDP7", "Tổ dân phố số 7, phường Phan Đình Phùng", "Residential Group 7, Phan Dinh Phung Ward", K.RESIDENTIAL),
    (DEMO_COMMUNE, "E-TN-PDP-HTXDV", "Hợp tác xã Dịch vụ Phan Đình Phùng", "Phan Dinh Phung Services Cooperative", K.ENTERPRISE),
    ("C-TN-GIASANG", "S-TN-THCS-GIASANG", "Trường THCS Gia Sàng", "Gia Sang Lower Secondary School", K.SCHOOL),
    ("C-TN-PHOYEN", "E-TN-PHOYEN-DIENTU", "Công ty TNHH Điện tử Phổ Yên", "Pho Yen Electronics Co., Ltd.", K.ENTERPRISE),
    ("C-TN-QUYETTHANG", "A-TN-UBND-QT", "UBND phường Quyết Thắng", "Quyet Thang Ward People's Committee", K.AGENCY),
]


@transaction.atomic
def seed_demo_units() -> dict[str, Unit]:
    """Create the provinces and the demo subtree if missing; return the units by code."""
    units: dict[str, Unit] = {u.code: u for u in Unit.objects.all()}
    for code, name, name_en in PROVINCES:
        if code not in units:
            units[code] = unit_create(parent=None, code=code, name=name, name_en=name_en, kind=K.PROVINCE)
    for parent_code, code, name, name_en, kind in DEMO_TREE:
        if code not in units:
            units[code] = unit_create(parent=units[parent_code], code=code, name=name, name_en=name_en, kind=kind)
    return units
