"""Geography: Morocco's regions, provinces and prefectures, and communes."""
