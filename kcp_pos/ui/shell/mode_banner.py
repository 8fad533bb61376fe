"""The permanent banner at the top of the window that says whether money is real.

SANDBOX is amber with dark text, LIVE is deep red with white text: different enough that a clerk
who glances at the window knows which one it is. The colours are set here in code, not in the
style sheet, so a missing or edited style file can never make the two modes look alike.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kcp_pos.settings.endpoint import SandboxReason
from kcp_pos.settings.model import Profile

SANDBOX_BACKGROUND = QColor("#FFC400")
SANDBOX_FOREGROUND = QColor("#1A1A1A")
LIVE_BACKGROUND = QColor("#B3001B")
LIVE_FOREGROUND = QColor("#FFFFFF")


class ModeBanner(QFrame):
    """A full-width strip: the mode on the left, the backend status on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modeBanner")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("modeBannerText")
        self.mode_label.setWordWrap(True)
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("modeBannerReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("modeBannerStatus")
        self.status_label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(16)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.mode_label)
        texts.addWidget(self.reason_label)
        layout.addLayout(texts, 3)
        layout.addWidget(self.status_label, 1)
        self.mode: Profile = Profile.SANDBOX
        self.set_mode(Profile.SANDBOX, SandboxReason.CHOSEN)

    def set_mode(self, mode: Profile, reason: SandboxReason | None) -> None:
        """Show `mode`; `reason` explains a sandbox that the settings did not ask for."""
        self.mode = mode
        explanation = ""
        if mode is Profile.LIVE:
            text = self.tr("LIVE PAYMENTS — cards are really charged")
        else:
            text = self.tr("TRAINING MODE (SANDBOX) — no real payments are made")
            if reason is SandboxReason.NO_CREDENTIALS:
                explanation = self.tr(
                    "Live mode is selected but no API key is saved, "
                    "so the app runs in training mode."
                )
            elif reason is SandboxReason.KEYCHAIN_UNREADABLE:
                explanation = self.tr(
                    "Live mode is selected but the keychain could not be read (locked or "
                    "unavailable), so the app runs in training mode. Unlock it and restart "
                    "kcp-pos."
                )
        self.mode_label.setText(text)
        self.reason_label.setText(explanation)
        self.reason_label.setVisible(bool(explanation))
        self.setAccessibleName(f"{text} {explanation}".strip())
        background, foreground = self.colours()
        # Style sheet on the banner itself: wins over the application style sheet.
        self.setStyleSheet(
            f"#modeBanner {{ background-color: {background.name()}; }}"
            f"#modeBanner QLabel {{ color: {foreground.name()}; background: transparent; }}"
            "#modeBannerText { font-size: 13pt; font-weight: 700; }"
            "#modeBannerStatus, #modeBannerReason { font-size: 10pt; }"
            "#modeBannerStatus { qproperty-alignment: 'AlignRight | AlignVCenter'; }"
        )

    def colours(self) -> tuple[QColor, QColor]:
        """(background, text) colour of the current mode."""
        if self.mode is Profile.LIVE:
            return LIVE_BACKGROUND, LIVE_FOREGROUND
        return SANDBOX_BACKGROUND, SANDBOX_FOREGROUND

    def set_status(self, text: str) -> None:
        """Backend status on the right ("Starting the training server…", the server address)."""
        self.status_label.setText(text)
