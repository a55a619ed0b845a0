"""What helps editors and clinicians write and review articles: readability and the editor's panels."""
