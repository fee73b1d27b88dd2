"""The development SMTP sink keeps every message it receives as an .eml file."""

import email
import email.policy
import smtplib

from crowdfund.notifications.sink import free_port, start_sink


def test_the_sink_writes_each_message_it_receives_to_an_eml_file(tmp_path):
    port = free_port()
    sink = start_sink(tmp_path / "mail", port=port)
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            for number in (1, 2):
                client.sendmail(
                    "no-reply@twiza.ma",
                    ["amina@example.org"],
                    f"Subject: Message {number}\r\n\r\nHello {number}\r\n".encode(),
                )
    finally:
        sink.stop()

    files = sorted((tmp_path / "mail").iterdir())
    assert [path.suffix for path in files] == [".eml", ".eml"]
    subjects = {
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["Subject"]
        for path in files
    }
    assert subjects == {"Message 1", "Message 2"}
