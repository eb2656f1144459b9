"""An optional camera source for the receive screen: frames read by OpenCV, codes by zxing-cpp.

Never required: OpenCV is not a dependency. When ``cv2`` can be imported and a camera opens,
each captured picture is searched for QR codes and their texts go to the same assembler as
a scanner's; otherwise the receive screen says how to add it.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from typing import Any

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _


class CameraError(UserError):
    """No camera to read from; ``message`` says what to do."""


def camera_support() -> bool:
    return importlib.util.find_spec("cv2") is not None


class Camera:
    """One opened camera; ``texts`` yields the QR texts seen in each picture until stopped."""

    def __init__(self, index: int = 0) -> None:
        if not camera_support():
            raise CameraError(
                _(
                    "No camera support here: install OpenCV into the app's environment "
                    "(pip install opencv-python-headless) to read codes with a camera."
                )
            )
        import cv2

        self._cv2: Any = cv2
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            raise CameraError(_("No camera could be opened."))

    def texts(self, stop: threading.Event) -> Iterator[list[str]]:
        import zxingcpp

        while not stop.is_set():
            ok, picture = self._capture.read()
            if not ok:
                stop.wait(0.05)
                continue
            gray = self._cv2.cvtColor(picture, self._cv2.COLOR_BGR2GRAY)
            found = zxingcpp.read_barcodes(
                gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
            )
            texts = [r.text for r in found if r.valid and r.text]
            if texts:
                yield texts

    def close(self) -> None:
        self._capture.release()
