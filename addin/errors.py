"""The add-in API's refusals: an HTTP status, a code the pane can act on, and a message it shows as it is."""

from __future__ import annotations

MESSAGES = {  # error code -> (Danish, English)
    "unauthorised": ("Adgangskoden til serveren mangler eller er forkert.", "The server's access token is missing or wrong."),
    "too-large": ("Projektmappen er større end serveren tager imod ({limit} MB).",
                  "The workbook is larger than the server accepts ({limit} MB)."),
    "body-too-large": ("Forespørgslen er større end serveren tager imod her ({limit} kB).",
                       "The request is larger than the server accepts here ({limit} kB)."),
    "too-slow": ("Projektmappen kom for langsomt frem, så serveren afbrød. Prøv igen.",
                 "The workbook arrived too slowly, so the server gave up. Try again."),
    "empty": ("Der kom ingen projektmappe med.", "No workbook was sent."),
    "busy": ("Serveren har travlt. Prøv igen om lidt.", "The server is busy. Try again in a moment."),
    "engine-crash": ("Projektmappen fik kontrollen til at stoppe. Gem den igen som .xlsx og prøv igen.",
                     "The workbook made the check stop. Save it again as .xlsx and try again."),
    "timeout": ("Kontrollen tog for lang tid og blev stoppet.", "The check took too long and was stopped."),
    "not-annotatable": ("Filen kan ikke åbnes som projektmappe, så der kan ikke laves en kommenteret kopi.",
                        "The file cannot be opened as a workbook, so there is no annotated copy."),
    "unknown-template": ("Ukendt skabelon.", "Unknown template."),
    "bad-prefill": ("Forudfyldningen er ikke gyldig: {detail}", "The prefill is not valid: {detail}"),
    "bad-request": ("Forespørgslen er ikke gyldig: {detail}", "The request is not valid: {detail}"),
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code)
        self.status, self.code, self.params = status, code, params

    def message(self, lang: str) -> str:
        da, en = MESSAGES[self.code]
        return (en if lang == "en" else da).format(**self.params)
