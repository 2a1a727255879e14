"""XLIFF 1.2, XLIFF 2.x and TMX: one document per translation unit (see `mtaudit.readers.units`).

lxml parses the file (streaming with `iterparse`, external entities and DTDs never loaded, the
encoding of the XML declaration honoured) and says which units there are, their ids, states and
languages. The text of a `<source>`/`<target>`/`<seg>` is then read from the decoded file itself
by a small scanner over that element's (already validated) content, so that every character keeps
its position: inline tags are left out of the prose and listed as the unit's tags, which
`markup.placeholder-mismatch` compares between source and target.

- XLIFF 1.2: `<trans-unit id>` with `<source>`/`<target state>`; `<x/>`, `<bx/>`, `<ex/>` are
  tags; `<g>`/`<mrk>` keep their text; `<ph>`, `<bpt>`, `<ept>`, `<it>` hold native code, skipped.
  A `state` of `new`/`needs-*` or `approved="no"` is noted, the unit still audited.
- XLIFF 2.x: each `<segment>` of a `<unit id>`; `<ph/>`, `<sc/>`, `<ec/>` are tags, `<pc>`/`<mrk>`
  keep their text, `<cp hex>` is a character. A segment `state` of `initial` is noted.
- TMX: each `<tu tuid>`; the source is the `<tuv>` in the header's `srclang` (else the first),
  the target the first other one; `<bpt>`, `<ept>`, `<ph>`, `<it>`, `<ut>` hold native code.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from mtaudit.errors import InputError
from mtaudit.readers.base import RunBuilder, declared_encoding, decode
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.langs import lang_code
from mtaudit.readers.units import UnitNotes, unit_document
from mtaudit.records import Document
from mtaudit.segment import line_starts as line_starts_of

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is native code (an HTML tag, a printf format), not prose.
CODE = frozenset({"ph", "bpt", "ept", "it", "ut", "sub"})
UNFINISHED = re.compile(r"^(?:new|needs-.*|initial)$")
_ELEMENT = re.compile(r"<(/?)([\w.-]+:)?([\w.-]+)((?:\s+[\w.:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def local(tag: object) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class ContentScanner:
    """Finds elements in the decoded file, in document order, and reads their content with positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = line_starts_of(text)
        self.cursor = 0

    def find(self, name: str, line: int, start: int | None = None) -> int:
        """The offset of the next `<name` start tag at or after `line` (1-based) and the cursor."""
        position = max(self.line_starts[min(line, len(self.line_starts)) - 1], self.cursor if start is None else start)
        pattern = re.compile(rf"<(?:[\w.-]+:)?{re.escape(name)}[\s/>]")
        match = pattern.search(self.text, position)
        return match.start() if match else position

    def content(self, start: int) -> tuple[RunBuilder, tuple[str, ...], int]:
        """Read the element starting at `start`: its prose (with runs), its inline tags, its end."""
        head = _ELEMENT.match(self.text, start)
        builder = RunBuilder()
        if head is None or head.group(5):
            return builder, (), head.end() if head else start
        name = head.group(3)
        tags: list[str] = []
        position = head.end()
        depth = 0
        skip_until: list[str] = []
        while position < len(self.text):
            lt = self.text.find("<", position)
            if lt == -1:
                break
            if not skip_until:
                self._add_text(builder, position, lt)
            if self.text.startswith("<![CDATA[", lt):
                end = self.text.find("]]>", lt)
                if not skip_until:
                    builder.add(self.text[lt + 9 : end], lt + 9)
                position = end + 3
                continue
            if self.text.startswith("<!--", lt):
                position = self.text.find("-->", lt) + 3
                continue
            if self.text.startswith("<?", lt):
                position = self.text.find("?>", lt) + 2
                continue
            element = _ELEMENT.match(self.text, lt)
            if element is None:  # cannot happen in well-formed XML; read the "<" as text
                builder.add("<", lt)
                position = lt + 1
                continue
            closing, tag, empty = element.group(1), element.group(3), element.group(5)
            position = element.end()
            if closing:
                if skip_until:
                    if tag == skip_until[-1]:
                        skip_until.pop()
                    continue
                if tag == name and depth == 0:
                    return builder, tuple(tags), position
                depth -= 1
                continue
            if skip_until:
                if not empty and tag == skip_until[-1]:
                    skip_until.append(tag)
                continue
            attributes = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTRIBUTE.finditer(element.group(4))}
            if tag == "cp" and "hex" in attributes:
                builder.add_synthetic(chr(int(attributes["hex"], 16)), lt)
                continue
            ident = attributes.get("id") or attributes.get("rid") or attributes.get("i") or attributes.get("x") or ""
            tags.append(f"{tag}:{ident}")
            if empty:
                continue
            if tag in CODE:
                skip_until.append(tag)
            else:
                depth += 1
        return builder, tuple(tags), position

    def _add_text(self, builder: RunBuilder, start: int, end: int) -> None:
        position = start
        for match in _ENTITY.finditer(self.text, start, end):
            builder.add(self.text[position : match.start()], position)
            code = match.group(1)
            char = _ENTITIES.get(code) or chr(int(code[2:], 16) if code.startswith("#x") else int(code[1:]))
            builder.add_synthetic(char, match.start())
            position = match.end()
        builder.add(self.text[position:end], position)


def _parse(raw: bytes, name: str) -> Iterator[tuple[str, object]]:
    """lxml's start/end events over the file; malformed XML is a one-line `InputError`."""
    from lxml import etree

    try:
        yield from etree.iterparse(io.BytesIO(raw), events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else exc.lineno
        reason = " ".join(str(exc.msg).split())[:160]  # libxml2 messages may quote the bad line
        raise InputError(f"{name}:{line}: malformed XML ({reason}); fix the file") from None


def _decoded(path: str, raw: bytes, context: ReadContext) -> tuple[ContentScanner, tuple[str, ...]]:
    decoded = decode(raw, path, declared_encoding(raw, "xml"))
    notes = (decoded.note,) if decoded.note else ()
    for note in notes:
        context.notes.append(f"{path}: {note}")
    return ContentScanner(decoded.text), notes


def read_xliff(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """Every translated unit (1.2) or segment (2.x) of an XLIFF file."""
    scanner, file_notes = _decoded(path, raw, context)
    notes = UnitNotes(path)
    source_lang, target_lang = context.source_lang, context.target_lang
    file_source = file_target = None
    unit_id = ""
    unit_start = 0
    segment_number = 0
    for event, element in _parse(raw, path):
        tag = local(element.tag)  # type: ignore[attr-defined]
        attrib = element.attrib  # type: ignore[attr-defined]
        line = element.sourceline  # type: ignore[attr-defined]
        if event == "start":
            if tag == "xliff":
                file_source, file_target = lang_code(attrib.get("srcLang")), lang_code(attrib.get("trgLang"))
            elif tag == "file":
                file_source = lang_code(attrib.get("source-language")) or file_source
                file_target = lang_code(attrib.get("target-language")) or file_target
            elif tag in ("trans-unit", "unit"):
                unit_id = attrib.get("id", "")
                unit_start = scanner.find(tag, line)
                scanner.cursor = unit_start
                segment_number = 0
            continue
        if tag == "trans-unit" or (tag == "segment"):
            segment_number += 1
            children = {local(child.tag): child for child in element}
            source_element, target_element = children.get("source"), children.get("target")
            if source_element is None:
                continue
            source_builder, source_tags, _ = scanner.content(scanner.find("source", source_element.sourceline, unit_start))
            if target_element is None:
                notes.untranslated.append(_label(unit_id, tag, segment_number))
            else:
                target_at = scanner.find("target", target_element.sourceline, unit_start)
                target_builder, target_tags, end = scanner.content(target_at)
                scanner.cursor = unit_start = end
                state = _state(tag, element, target_element)
                document = unit_document(
                    path=path,
                    line_starts=scanner.line_starts,
                    fmt="xliff",
                    unit=_label(unit_id, tag, segment_number),
                    line=_line_of(scanner.line_starts, target_at),
                    target=target_builder.text(),
                    run_text=target_builder.run_text,
                    run_file=target_builder.run_file,
                    source=source_builder.text(),
                    source_lang=source_lang or file_source,
                    target_lang=target_lang or lang_code(target_element.get(XML_LANG)) or file_target,
                    notes=notes,
                    state=state,
                    source_tags=source_tags,
                    target_tags=target_tags,
                    file_notes=file_notes,
                )
                if document is not None:
                    yield document
        if tag in ("trans-unit", "unit", "tu"):
            element.clear()  # type: ignore[attr-defined]
    context.notes.extend(notes.lines())


def _label(unit_id: str, tag: str, segment: int) -> str:
    return unit_id if tag == "trans-unit" else f"{unit_id}/{segment}"


def _state(tag: str, unit: object, target: object) -> str | None:
    """The unit's unfinished state ("needs-review-translation", "initial", …), if any."""
    state = target.get("state") if tag == "trans-unit" else unit.get("state")  # type: ignore[attr-defined]
    if state and UNFINISHED.match(state):
        return str(state)
    if tag == "trans-unit" and unit.get("approved") == "no":  # type: ignore[attr-defined]
        return "not approved"
    return None


def _line_of(line_starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(line_starts, offset)


def read_tmx(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """Every translation unit of a TMX file: the source-language variant against the first other."""
    scanner, file_notes = _decoded(path, raw, context)
    notes = UnitNotes(path)
    header_source: str | None = None
    number = 0
    for event, element in _parse(raw, path):
        tag = local(element.tag)  # type: ignore[attr-defined]
        if event == "start":
            if tag == "header":
                header_source = element.get("srclang")  # type: ignore[attr-defined]
            elif tag == "tu":
                scanner.cursor = scanner.find("tu", element.sourceline)  # type: ignore[attr-defined]
            continue
        if tag != "tu":
            continue
        number += 1
        unit_id = element.get("tuid") or str(number)  # type: ignore[attr-defined]
        variants = []
        for tuv in element:  # type: ignore[attr-defined]
            if local(tuv.tag) != "tuv":
                continue
            seg = next((child for child in tuv if local(child.tag) == "seg"), None)
            if seg is not None:
                variants.append((tuv.get(XML_LANG) or tuv.get("lang") or "", seg))
        if len(variants) < 2:
            notes.untranslated.append(unit_id)
            element.clear()  # type: ignore[attr-defined]
            continue
        wanted = (header_source or "").lower()
        source_index = next((i for i, (lang, _) in enumerate(variants) if wanted not in ("", "*all*") and lang.lower() == wanted), 0)
        target_index = 1 if source_index == 0 else 0
        texts = []
        for lang, seg in variants:
            at = scanner.find("seg", seg.sourceline)
            builder, tags, end = scanner.content(at)
            scanner.cursor = end
            texts.append((lang, builder, tags, at))
        source_lang_name, source_builder, source_tags, _ = texts[source_index]
        target_lang_name, target_builder, target_tags, target_at = texts[target_index]
        document = unit_document(
            path=path,
            line_starts=scanner.line_starts,
            fmt="tmx",
            unit=unit_id,
            line=_line_of(scanner.line_starts, target_at),
            target=target_builder.text(),
            run_text=target_builder.run_text,
            run_file=target_builder.run_file,
            source=source_builder.text(),
            source_lang=context.source_lang or lang_code(source_lang_name),
            target_lang=context.target_lang or lang_code(target_lang_name),
            notes=notes,
            source_tags=source_tags,
            target_tags=target_tags,
            file_notes=file_notes,
        )
        element.clear()  # type: ignore[attr-defined]
        if document is not None:
            yield document
    context.notes.extend(notes.lines())


def _sniff_xliff(head: bytes) -> bool:
    return b"<xliff" in head[:2048]


def _sniff_tmx(head: bytes) -> bool:
    return b"<tmx" in head[:2048]


XLIFF = Reader("xliff", (".xlf", ".xliff", ".xlf2"), read_xliff, _sniff_xliff, "XLIFF 1.2 and 2.x")
TMX = Reader("tmx", (".tmx",), read_tmx, _sniff_tmx, "TMX translation memory")
