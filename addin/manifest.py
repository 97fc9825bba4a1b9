"""The add-in's XML manifest (add-in only, TaskPaneApp 1.1) with the server's own address filled in.

Excel reads the manifest to know where the task pane lives and what the custom ribbon tab
holds. The server writes it on request for its own public address, so an IT department or a
user sideloads exactly what this server serves.

:func:`manifest_problems` checks a manifest offline against what Office's schema demands of the
parts we use (element order, identifiers, string and URL limits, resource references, HTTPS).
Microsoft's XSD files are not shipped by any PyPI or npm package, so the test suite relies on
this structural check; :func:`schema_problems` validates against the official XSD files when a
folder holding them is given (how that was done is in the README).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import quoteattr

ADDIN_ID = "5b0f3c52-6f4e-4d1a-9a57-2c1f0d8e7a41"  # fixed: Office tells add-ins apart by it
ADDIN_VERSION = "1.0.0.0"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
ICON_SIZES = (16, 32, 80)
# (resid, Danish, English); short strings are at most 125 characters, long ones 250.
SHORT_STRINGS = (
    ("Tab.Label", "Benchmark", "Benchmark"),
    ("Group.Label", "kommunebench", "kommunebench"),
    ("Open.Label", "Tjek projektmappe", "Check workbook"),
)
LONG_STRINGS = (
    ("Open.Tooltip", "Åbn kommunebench: tjek projektmappen, se fejl ved cellen, markér og ret dem.",
     "Open kommunebench: check the workbook, see each finding at its cell, mark and fix them."),
)
DISPLAY_NAME = ("kommunebench", "kommunebench")
DESCRIPTION = ("Tjekker en udfyldt benchmark-skabelon og viser hver fejl ved sin celle.",
               "Checks a filled benchmark template and shows every finding at its cell.")
_CHILD_ORDER = ("Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description",
                "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements",
                "DefaultSettings", "Permissions", "AllowSnapshot", "VersionOverrides")
_REQUIRED = ("Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "DefaultSettings",
             "Permissions")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_VERSION = re.compile(r"^[0-9]{1,5}(\.[0-9]{1,5}){0,3}$")
_LIMITS = {"ShortStrings": 125, "LongStrings": 250, "Urls": 2048, "Images": 2048}


def manifest_xml(base_url: str, token: str | None = None) -> str:
    """The manifest for a server reachable at ``base_url`` (``https://host:port``)."""
    base = base_url.rstrip("/")
    pane = f"{base}/taskpane.html" + (f"?token={quote(token, safe='')}" if token else "")
    urls = [("Taskpane.Url", pane), ("Commands.Url", f"{base}/commands.html"),
            *((f"Icon.{size}", f"{base}/assets/icon-{size}.png") for size in ICON_SIZES)]
    icons = "".join(f'<bt:Image size="{size}" resid="Icon.{size}"/>' for size in ICON_SIZES)

    def localised(tag: str, da: str, en: str) -> str:
        return (f"<{tag} DefaultValue={quoteattr(da)}><Override Locale=\"en-US\" Value={quoteattr(en)}/></{tag}>")

    def strings(tag: str, rows) -> str:
        return "".join(f"<bt:String id=\"{resid}\" DefaultValue={quoteattr(da)}>"
                       f"<bt:Override Locale=\"en-US\" Value={quoteattr(en)}/></bt:String>" for resid, da, en in rows)

    host = urlsplit(base).netloc
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="{NS['o']}" xmlns:xsi="{NS['xsi']}" xmlns:bt="{NS['bt']}" xmlns:ov="{NS['ov']}" xsi:type="TaskPaneApp">
  <Id>{ADDIN_ID}</Id>
  <Version>{ADDIN_VERSION}</Version>
  <ProviderName>kommunebench</ProviderName>
  <DefaultLocale>da-DK</DefaultLocale>
  {localised("DisplayName", *DISPLAY_NAME)}
  {localised("Description", *DESCRIPTION)}
  <IconUrl DefaultValue={quoteattr(f"{base}/assets/icon-32.png")}/>
  <HighResolutionIconUrl DefaultValue={quoteattr(f"{base}/assets/icon-80.png")}/>
  <SupportUrl DefaultValue={quoteattr(f"{base}/")}/>
  <AppDomains><AppDomain>{quoteattr(f"https://{host}")[1:-1]}</AppDomain></AppDomains>
  <Hosts><Host Name="Workbook"/></Hosts>
  <DefaultSettings><SourceLocation DefaultValue={quoteattr(pane)}/></DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="{NS['ov']}" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <FunctionFile resid="Commands.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <CustomTab id="Kommunebench.Tab">
              <Group id="Kommunebench.Group">
                <Label resid="Group.Label"/>
                <Icon>{icons}</Icon>
                <Control xsi:type="Button" id="Kommunebench.Open">
                  <Label resid="Open.Label"/>
                  <Supertip><Title resid="Open.Label"/><Description resid="Open.Tooltip"/></Supertip>
                  <Icon>{icons}</Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>Kommunebench.Pane</TaskpaneId>
                    <SourceLocation resid="Taskpane.Url"/>
                  </Action>
                </Control>
              </Group>
              <Label resid="Tab.Label"/>
            </CustomTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>{"".join(f'<bt:Image id="Icon.{s}" DefaultValue={quoteattr(u)}/>'
                          for s, (_, u) in zip(ICON_SIZES, urls[2:]))}</bt:Images>
      <bt:Urls>{"".join(f'<bt:Url id="{resid}" DefaultValue={quoteattr(u)}/>' for resid, u in urls[:2])}</bt:Urls>
      <bt:ShortStrings>{strings("bt:String", SHORT_STRINGS)}</bt:ShortStrings>
      <bt:LongStrings>{strings("bt:String", LONG_STRINGS)}</bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
"""


def manifest_problems(xml: str | bytes) -> list[str]:
    """What in ``xml`` Office's manifest schema or its loader would refuse; empty when none."""
    from xml.etree import ElementTree

    if isinstance(xml, str):
        xml = xml.encode()
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return ["a manifest has no DTD"]
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        return [f"not well-formed XML: {error}"]
    problems: list[str] = []
    o, ov, bt, xsi_type = "{%s}" % NS["o"], "{%s}" % NS["ov"], "{%s}" % NS["bt"], "{%s}type" % NS["xsi"]
    if root.tag != o + "OfficeApp" or root.get(xsi_type) != "TaskPaneApp":
        return ["the root must be OfficeApp (appforoffice/1.1) of xsi:type TaskPaneApp"]
    names = [child.tag.removeprefix(o).removeprefix(ov) for child in root]
    problems += [f"{name} is missing" for name in _REQUIRED if name not in names]
    known = [name for name in names if name in _CHILD_ORDER]
    if known != sorted(known, key=_CHILD_ORDER.index) or len(known) != len(names):
        problems.append(f"OfficeApp children out of the schema's order or unknown: {names}")
    if not _GUID.match(root.findtext(o + "Id", "")):
        problems.append("Id is not a GUID")
    if not _VERSION.match(root.findtext(o + "Version", "")):
        problems.append("Version is not n.n.n.n")
    urls = [element.get("DefaultValue", "") for element in root.iter()
            if element.tag in (o + "IconUrl", o + "HighResolutionIconUrl", o + "SupportUrl", o + "SourceLocation",
                               bt + "Image", bt + "Url") and element.get("DefaultValue") is not None]
    problems += [f"not an https URL: {url}" for url in urls if not url.startswith("https://")]
    resources = root.find(f"{ov}VersionOverrides/{ov}Resources")
    if resources is None:
        return problems + ["VersionOverrides/Resources is missing"]
    defined: dict[str, str] = {}
    for group, limit in _LIMITS.items():
        for item in resources.iterfind(f"{bt}{group}/*"):
            resid, value = item.get("id", ""), item.get("DefaultValue", "")
            if resid in defined:
                problems.append(f"resource id {resid} defined twice")
            defined[resid] = group
            if not value or len(value) > limit:
                problems.append(f"{group} {resid} must hold 1 to {limit} characters")
            if resid and len(resid) > 32:
                problems.append(f"resource id {resid} is longer than 32 characters")
    used = [element.get("resid") for element in root.iter() if element.get("resid") is not None]
    problems += [f"resid {resid} is not defined in Resources" for resid in used if resid not in defined]
    control_ids = [element.get("id") for element in root.iter()
                   if element.tag in (ov + "CustomTab", ov + "Group", ov + "Control")]
    if len(control_ids) != len(set(control_ids)):
        problems.append("tab, group and control ids must be unique")
    tabs = list(root.iter(ov + "CustomTab"))
    if not tabs:
        problems.append("no custom ribbon tab")
    for tab in tabs:
        children = [child.tag.removeprefix(ov) for child in tab]
        if "Label" not in children or children.index("Label") < max(i for i, c in enumerate(children) if c == "Group"):
            problems.append("a CustomTab lists its groups, then its Label")
    for icon in root.iter(ov + "Icon"):
        sizes = sorted(int(image.get("size", "0")) for image in icon.iterfind(bt + "Image"))
        if sizes != list(ICON_SIZES):
            problems.append(f"an Icon needs images of sizes 16, 32 and 80, has {sizes}")
    return problems


def schema_problems(xml: str | bytes, xsd_dir: str | Path) -> list[str]:
    """Errors from validating against Microsoft's XSD files in ``xsd_dir`` (``OfficeAppManifestV1_1.xsd`` and
    the files it imports). Needs lxml."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(Path(xsd_dir) / "OfficeAppManifestV1_1.xsd")))
    document = etree.fromstring(xml.encode() if isinstance(xml, str) else xml,
                                etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
