// What the reference implementation of the OSM opening_hours syntax (opening_hours.js, npm, LGPL-3.0) reads of
// each value, over named weeks, written as a table the domain tests compare OpeningSchedule with.
// Run: npm install && TZ=Europe/Paris node generate.mjs > ../../tests/Aiguillage.Domain.Tests/Data/opening-hours/reference-weeks.tsv
// Comments are kept when the value wrote them (the reference also names each public holiday; the app does not).
// Input: the real corpus (first column of horaires-real-values.tsv) and spec-cases.txt (one value per line).
import { readFileSync } from 'node:fs';
import opening_hours from 'opening_hours';

const data = '../../tests/Aiguillage.Domain.Tests/Data/opening-hours/';
const corpus = readFileSync(data + 'horaires-real-values.tsv', 'utf8').split('\n').slice(1).filter(l => l).map(l => l.split('\t')[0]);
const cases = readFileSync('spec-cases.txt', 'utf8').split('\n').filter(l => l && !l.startsWith('#'));

// Saint-Étienne (Loire): French public holidays; school holidays are left out (the app's calendar is its own file).
const place = { lat: 45.43, lon: 4.39, address: { country_code: 'fr', state: 'Auvergne-Rhône-Alpes' } };
// Named weeks, each from its Monday: Christmas 2026, Easter Monday 2026, 14 July 2026, the winter holidays 2026, an ordinary week.
const weeks = ['2026-12-21', '2026-04-06', '2026-07-13', '2026-02-09', '2026-11-30'];
const pad = n => String(n).padStart(2, '0');
const clock = (d, day) => d.getDate() !== day.getDate() ? '24:00' : `${pad(d.getHours())}:${pad(d.getMinutes())}`;

console.log('horaires\tsemaine\tintervalles');
for (const value of [...corpus, ...cases]) {
  let oh;
  try { oh = new opening_hours(value, place, { locale: 'fr' }); } catch { continue; }
  for (const week of weeks) {
    const days = [];
    for (let i = 0; i < 7; i++) {
      const day = new Date(`${week}T00:00:00`); day.setDate(day.getDate() + i);
      const next = new Date(day); next.setDate(next.getDate() + 1);
      const parts = oh.getOpenIntervals(day, next).map(([a, b, unknown, comment]) =>
        `${clock(a, day)}-${clock(b, day)}${unknown ? '?' : ''}${comment && value.includes(`"${comment}"`) ? ` "${comment}"` : ''}`);
      days.push(parts.join(',') || '-');
    }
    console.log(`${value}\t${week}\t${days.join(' | ')}`);
  }
}
