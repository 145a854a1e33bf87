"""The look: a plain, high-contrast Gradio theme with system fonts (no web font downloads)."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

STATIC = Path(__file__).resolve().parent / "static"
FONTS = [
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "sans-serif",
]
MONO = ["ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "monospace"]


def theme() -> gr.themes.Base:
    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        secondary_hue=gr.themes.colors.slate,
        neutral_hue=gr.themes.colors.slate,
        radius_size=gr.themes.sizes.radius_sm,
        font=FONTS,
        font_mono=MONO,
    ).set(
        body_background_fill="#f3f5f8",
        body_text_color="#1b2330",
        block_radius="8px",
        button_primary_background_fill="#1d5fa8",
        button_primary_background_fill_hover="#174d89",
        button_primary_text_color="#ffffff",
        button_secondary_background_fill="#ffffff",
        button_secondary_border_color="#b7c2d0",
        button_secondary_text_color="#1b2330",
        input_background_fill="#ffffff",
        input_border_color="#9aa8b9",
        color_accent_soft="#e6effa",
        link_text_color="#1d5fa8",
        link_text_color_visited="#4c2c92",
    )
