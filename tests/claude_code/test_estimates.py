"""Estimates in tasks reported by hooks. A hook cannot wait on the network for a prediction, so
the first task of a kind leaves its four dimensions wanted in <spool>/estimates.json, the
background flusher it starts fetches the prediction after sending, and the next task of that
kind carries the prediction's medians as its estimated tokens and cost."""
import json
import os
import sys
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cctest  # noqa: E402
from cctest import HookTestCase  # noqa: E402

FIXTURE = "gates"
DIMENSIONS = ("task_type", "model", "provider", "complexity")


class Estimates(HookTestCase):
    def seed(self, template, n):
        """n earlier tasks of the fixture's kind, with varied figures; their ids."""
        events = []
        for i in range(n):
            event = dict(template, event_id=str(uuid.uuid4()))
            event["actual_input_tokens"] = 1000 * (i + 1)
            event["actual_output_tokens"] = 100 * (i + 1)
            event["actual_cost_usd_micros"] = 5000 * (i + 1)
            events.append(event)
        self.server.call("/_control/events", {"events": events})
        return {e["event_id"] for e in events}

    def predict(self, dims):
        request = urllib.request.Request(
            self.server.url + "/v1/predictions/batch", data=json.dumps({"queries": [dims]}).encode(),
            method="POST", headers={"Content-Type": "application/json",
                                   "Authorization": "Bearer " + cctest.KEY})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)["results"][0]["prediction"]

    def play(self, session, seeded):
        """Plays the fixture; the one event it made, once the hook's background flush sent it."""
        run = cctest.FixtureRun(session, FIXTURE)
        for result in run.play():
            self.assertQuiet(result)
        made = cctest.wait_for(
            lambda: [e for e in self.server.events() if e["event_id"] not in seeded])
        self.assertEqual(len(made), 1, made)
        return made[0]

    def stored_estimate(self, spool):
        try:
            with open(os.path.join(spool, "estimates.json")) as f:
                store = json.load(f)
        except (OSError, ValueError):
            return None
        return next((e for e in store["estimates"] if e.get("has_data")), None)

    def test_the_next_task_of_a_kind_carries_the_prediction(self):
        template = cctest.FixtureRun(self.session(sub="probe"), FIXTURE).expected()[0]
        dims = {name: template[name] for name in DIMENSIONS}
        seeded = self.seed(template, 6)

        first_session = self.session(sub="first")
        first = self.play(first_session, seeded)
        self.assertEqual(first["estimated_input_tokens"], 0)  # nothing known yet
        entry = cctest.wait_for(lambda: self.stored_estimate(first_session.spool))
        self.assertIsNotNone(entry, "the background flusher stored no prediction")
        self.assertEqual({name: entry[name] for name in DIMENSIONS}, dims)
        prediction = self.predict(dims)
        expected = {"estimated_input_tokens": int(prediction["input_tokens"]["median"]),
                    "estimated_output_tokens": int(prediction["output_tokens"]["median"]),
                    "estimated_cost_usd_micros": int(prediction["cost_usd_micros"]["median"])}
        self.assertGreater(expected["estimated_input_tokens"], 0)
        self.assertIn("estimates: 1 kinds of task (1 with data), 0 wanted\n",
                      first_session.cli("status").stdout)

        # Another session of the same user (the same spool), the same kind of task.
        second_session = self.session(sub="second")
        second_session.spool = first_session.spool
        second = self.play(second_session, seeded | {first["event_id"]})
        self.assertEqual({name: second[name] for name in expected}, expected)

    def test_an_unreachable_server_costs_the_estimate_only(self):
        session = self.session()
        session.server_url = "http://127.0.0.1:9"  # discard: nothing listens
        run = cctest.FixtureRun(session, FIXTURE)
        for result in run.play():
            self.assertQuiet(result)
        # Once the background flusher gave up, the event waits in the spool.
        self.assertTrue(cctest.wait_for(
            lambda: "pending: 1 events" in session.cli("status").stdout))
        with open(os.path.join(session.spool, "estimates.json")) as f:
            wanted = json.load(f)["wanted"]
        template = run.expected()[0]
        self.assertEqual(wanted, [{name: template[name] for name in DIMENSIONS}])

    def test_a_broken_store_counts_as_empty(self):
        session = self.session()
        os.makedirs(session.spool, exist_ok=True)
        with open(os.path.join(session.spool, "estimates.json"), "w") as f:
            f.write('{"estimates": [{"task_type": 7}], "wanted": "not a list"')  # cut short
        made = self.play(session, set())
        self.assertEqual(made["estimated_input_tokens"], 0)
        with open(os.path.join(session.spool, "estimates.json")) as f:
            store = json.load(f)  # rewritten whole
        template = cctest.FixtureRun(session, FIXTURE).expected()[0]
        dims = {name: template[name] for name in DIMENSIONS}
        self.assertIn(dims, [{name: e[name] for name in DIMENSIONS}
                             for e in store["estimates"] + store["wanted"]])


if __name__ == "__main__":
    cctest.main()
