"""The TBX 2 glossary as OmegaT 3 reads it: every entry loads, and a forbidden rendering, which
OmegaT lists beside the house one (it ignores administrativeStatus), says so in its comment."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from translate_cli.formats.tbx2 import dump_tbx2, parse_tbx2
from translate_cli.formats.terms import TermEntry

TERMS = [
    TermEntry("النظام السوري", "Syrian regime", "actor", "House style", ("Syrian government",)),
    TermEntry("تركيا", "Türkiye", "place", "", ("Turkey", "Turkiye")),
    TermEntry("حلب", "Aleppo"),
]
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

# Calls OmegaT's own TBX glossary reader with a stand-in project that only knows its languages.
READER = """
import java.io.File;
import java.lang.reflect.Proxy;
import org.omegat.core.Core;
import org.omegat.core.data.IProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;

public class ReadTbx {
    public static void main(String[] args) throws Exception {
        ProjectProperties props = new ProjectProperties(new File(args[1]));
        props.setSourceLanguage("ar");
        props.setTargetLanguage("en");
        Core.setProject((IProject) Proxy.newProxyInstance(IProject.class.getClassLoader(),
            new Class<?>[] {IProject.class},
            (p, m, a) -> m.getName().equals("getProjectProperties") ? props : null));
        for (GlossaryEntry e : GlossaryReaderTBX.read(new File(args[0]), false)) {
            System.out.println(e.getSrcText() + "\\t" + e.getLocText() + "\\t"
                + e.getCommentText().replace("\\n", " / "));
        }
    }
}
"""


def test_a_forbidden_rendering_carries_a_note_that_import_ignores() -> None:
    from lxml import etree

    data = dump_tbx2(TERMS)
    root = etree.fromstring(data)
    tigs = root.findall(".//termEntry")[1].findall("langSet")[1].findall("tig")
    assert [(t.findtext("term"), t.findtext("note")) for t in tigs] == [
        ("Türkiye", None),
        ("Turkey", 'Forbidden rendering "Turkey": write "Türkiye".'),
        ("Turkiye", 'Forbidden rendering "Turkiye": write "Türkiye".'),
    ]
    assert parse_tbx2(data) == TERMS


@pytest.mark.skipif(
    not (shutil.which("javac") and shutil.which("java") and OMEGAT_JAR.exists()),
    reason="OmegaT 3 (Debian's omegat package) and a JDK are not installed",
)
def test_omegat_reads_every_entry_and_flags_the_forbidden_one(tmp_path: Path) -> None:
    (tmp_path / "ReadTbx.java").write_text(READER, encoding="utf-8")
    compiled = subprocess.run(
        ["javac", "-cp", str(OMEGAT_JAR), "ReadTbx.java"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stderr[-2000:]
    glossary = tmp_path / "terms.tbx"
    glossary.write_bytes(dump_tbx2(TERMS))
    (tmp_path / "project").mkdir()
    done = subprocess.run(
        ["java", "-cp", f"{OMEGAT_JAR}:{tmp_path}", "ReadTbx", str(glossary), "project"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    # One OmegaT entry per Arabic-English pair: 3 house renderings and 3 forbidden ones.
    assert [(src, loc) for src, loc, _ in rows] == [
        ("النظام السوري", "Syrian regime"),
        ("النظام السوري", "Syrian government"),
        ("تركيا", "Türkiye"),
        ("تركيا", "Turkey"),
        ("تركيا", "Turkiye"),
        ("حلب", "Aleppo"),
    ]
    assert 'Forbidden rendering "Syrian government": write "Syrian regime".' in rows[1][2]
    assert 'Forbidden rendering "Turkey": write "Türkiye".' in rows[3][2]
    assert "Forbidden" not in rows[5][2]
