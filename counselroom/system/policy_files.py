"""The policy profiles shipped in resources/profiles/ (one TOML file each), read once."""

from __future__ import annotations

from functools import cache

from counselroom.domain.school.policy_profiles import PolicyProfile, ProfileError, parse_profile
from counselroom.system.paths import resources_dir

# The order the settings page offers them in: the city plans first, then the province's list.
ORDER = ("nanchang", "jiangxi", "weinan")


@cache
def load_profiles() -> tuple[PolicyProfile, ...]:
    """Every profile, in ORDER and then by file name; a file named unlike its id is refused."""
    found = []
    for path in sorted((resources_dir() / "profiles").glob("*.toml")):
        profile = parse_profile(path.read_text(encoding="utf-8"))
        if profile.id != path.stem:
            raise ProfileError(f"{path.name}：id 应与文件名一致（{path.stem}）")
        found.append(profile)
    return tuple(sorted(found, key=lambda p: (ORDER.index(p.id) if p.id in ORDER else len(ORDER), p.id)))
