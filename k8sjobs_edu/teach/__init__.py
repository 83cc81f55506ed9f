"""What a lesson uses: plots (matplotlib), widgets (ipywidgets) and exercises."""
