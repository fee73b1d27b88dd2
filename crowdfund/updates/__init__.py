"""Updates owners post on their projects, people who follow projects, and the reporting duty."""
