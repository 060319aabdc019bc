#!/usr/bin/env python3
"""Loads a Clearwater world (JSONL, docs of the format in the world-format notes) into a snac base
directory, for bench/snac.sh. Python standard library only; it builds nothing of snac's.

  snac_load.py filter WORLD OUT
      Keeps the lines both servers can hold the same way: accounts, follows, unfollows and posts
      (public, fans, friends). Forwards, comments, likes, blocks and only-me posts are dropped, so
      Clearwater imports exactly the world snac holds.

  snac_load.py load WORLD BASEDIR --key KEY_JSON --members HANDLES --tokens-out FILE [--min N]
      Writes the world into an initialised snac base directory (`snac init` done, server.json
      naming the host), the way snac's own code leaves it after local delivery: each account a
      user (user.json, the given key.json shared by all), an actor object per user, follows as
      following/<md5(actor)>.json Accept objects with followers.idx on the other side, and each
      post a Note object linked into the author's private/ (and public/ when public) and into the
      private/ of every follower who may see it (fans-only: all followers; friends: mutual
      followers), with the md5 appended to private.idx in time order. For the members named in
      HANDLES whose home timeline holds at least N (20) entries, it writes a Mastodon API token
      (token/<hex>.json, as snac's /oauth/token does) and prints "token handle" lines to FILE.
"""

import argparse
import hashlib
import html
import json
import os
import secrets
import sys
from datetime import datetime, timezone

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
KEPT_VISIBILITY = ("public", "fans", "friends")


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def millis(at):
    if isinstance(at, int):
        return at
    return int(datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp() * 1000)


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=4, ensure_ascii=False)


def filter_world(src, dst):
    kept, dropped = {}, {}
    with open(src) as fin, open(dst, "w") as fout:
        for line in fin:
            if not line.strip() or line.startswith("//"):
                continue
            o = json.loads(line)
            t = o["type"]
            keep = t in ("account", "follow", "unfollow") or (
                t == "post" and o.get("visibility", "public") in KEPT_VISIBILITY)
            key = t if t != "post" else "post/" + o.get("visibility", "public")
            if keep:
                fout.write(line)
                kept[key] = kept.get(key, 0) + 1
            else:
                dropped[key] = dropped.get(key, 0) + 1
    print("kept " + ", ".join(f"{v} {k}" for k, v in sorted(kept.items())))
    print("dropped " + (", ".join(f"{v} {k}" for k, v in sorted(dropped.items())) or "nothing"))


class Snac:
    """Writes snac's storage layout (its doc/snac.5, 'Disk Layout')."""

    def __init__(self, base, key):
        self.base = base
        with open(os.path.join(base, "server.json")) as f:
            cfg = json.load(f)
        self.baseurl = f"{cfg.get('protocol', 'https')}://{cfg['host']}{cfg.get('prefix', '')}"
        self.key = key

    def actor(self, uid):
        return f"{self.baseurl}/{uid}"

    def user_dir(self, uid):
        return os.path.join(self.base, "user", uid)

    def object_fn(self, obj_id):
        h = md5(obj_id)
        d = os.path.join(self.base, "object", h[:2])
        os.makedirs(d, exist_ok=True)
        return os.path.join(d, h + ".json")

    def add_user(self, uid, name, bio, published):
        d = self.user_dir(uid)
        for sub in ("followers", "following", "muted", "hidden", "public", "private", "queue",
                    "history", "static", "import", "export"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        dump(os.path.join(d, "user.json"), {
            "uid": uid, "name": name, "avatar": "", "bio": bio, "cw": "", "published": published,
            "passwd": "disabled:" + secrets.token_hex(20)})
        dump(os.path.join(d, "key.json"), self.key)
        a = self.actor(uid)
        # The actor object, as snac stores a delivered actor: follows hard-link it.
        dump(self.object_fn(a), {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "type": "Person", "id": a, "url": a, "name": name, "preferredUsername": uid,
            "published": published, "summary": html.escape(bio), "tag": [],
            "inbox": a + "/inbox", "outbox": a + "/outbox", "followers": a + "/followers",
            "following": a + "/following", "featured": a + "/featured",
            "publicKey": {"id": a + "#main-key", "owner": a, "publicKeyPem": self.key["public"]},
            "manuallyApprovesFollowers": False})

    def follow(self, fan, star, at_ms):
        fan_a, star_a = self.actor(fan), self.actor(star)
        follow_id = f"{fan_a}/d/{at_ms // 1000}.{at_ms % 1000:03d}000/Follow"
        accept = {
            "@context": "https://www.w3.org/ns/activitystreams", "type": "Accept",
            "id": f"{star_a}/d/{at_ms // 1000}.{at_ms % 1000:03d}001/Accept", "actor": star_a,
            "object": {"@context": "https://www.w3.org/ns/activitystreams", "type": "Follow",
                       "id": follow_id, "actor": fan_a, "object": star_a},
            "to": fan_a}
        fn = os.path.join(self.user_dir(fan), "following", md5(star_a) + ".json")
        dump(fn, accept)
        os.link(self.object_fn(star_a), fn.replace(".json", "_a.json"))
        os.link(self.object_fn(fan_a), os.path.join(self.user_dir(star), "followers", md5(fan_a) + ".json"))

    def note(self, uid, micro, text, at_ms, followers_only):
        a = self.actor(uid)
        nid = f"{a}/p/{micro // 1000000}.{micro % 1000000:06d}"
        content = "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))
        dump(self.object_fn(nid), {
            "@context": "https://www.w3.org/ns/activitystreams", "type": "Note", "id": nid,
            "published": iso(at_ms), "attributedTo": a, "summary": "", "content": content,
            "context": nid + "#ctxt", "url": nid,
            "to": [a + "/followers"] if followers_only else [PUBLIC], "cc": [], "inReplyTo": None,
            "tag": [], "sourceContent": text,
            "replies": {"id": nid.replace("/p/", "/r/"), "type": "Collection",
                        "first": {"type": "CollectionPage", "partOf": nid.replace("/p/", "/r/"),
                                  "next": nid.replace("/p/", "/r/") + "?page=true", "items": []}}})
        return nid


def load(args):
    with open(args.key) as f:
        key = json.load(f)
    s = Snac(args.basedir, key)
    accounts = {}        # world id -> (uid, name, bio, created ms)
    following = {}       # world id -> set of world ids followed (final state)
    posts = []           # (at ms, author world id, text, visibility)
    with open(args.world) as f:
        for line in f:
            if not line.strip() or line.startswith("//"):
                continue
            o = json.loads(line)
            t = o["type"]
            if t == "account":
                accounts[o["id"]] = (o["handle"], o.get("name") or o["handle"], o.get("bio", ""),
                                     millis(o["created_at"]))
                following[o["id"]] = {}
            elif t == "follow" and o["from"] in accounts and o["to"] in accounts and o["from"] != o["to"]:
                following[o["from"]][o["to"]] = millis(o["at"])
            elif t == "unfollow" and o["from"] in following:
                following[o["from"]].pop(o["to"], None)
            elif t == "post" and o["author"] in accounts and o.get("visibility", "public") in KEPT_VISIBILITY:
                posts.append((millis(o["at"]), o["author"], o["text"], o.get("visibility", "public")))

    for wid, (uid, name, bio, created) in accounts.items():
        s.add_user(uid, name, bio, iso(created))
    fans = {wid: [] for wid in accounts}
    n_follows = 0
    for fan, stars in following.items():
        for star, at in stars.items():
            s.follow(accounts[fan][0], accounts[star][0], at)
            fans[star].append(fan)
            n_follows += 1
    for star, fan_list in fans.items():
        with open(os.path.join(s.user_dir(accounts[star][0]), "followers.idx"), "w") as f:
            f.writelines(md5(s.actor(accounts[fan][0])) + "\n" for fan in fan_list)

    # Posts in time order, so each private.idx is in the order delivery would have appended it.
    posts.sort(key=lambda p: p[0])
    private = {wid: [] for wid in accounts}
    public = {wid: [] for wid in accounts}
    instance_public = []
    used_ids = set()
    for at, author, text, vis in posts:
        uid = accounts[author][0]
        micro = at * 1000
        while (uid, micro) in used_ids:
            micro += 1
        used_ids.add((uid, micro))
        nid = s.note(uid, micro, text, at, vis != "public")
        h = md5(nid)
        obj = s.object_fn(nid)
        if vis == "friends":
            readers = [f for f in fans[author] if author in following[f]]
        else:
            readers = fans[author]
        for wid in [author] + readers:
            os.link(obj, os.path.join(s.user_dir(accounts[wid][0]), "private", h + ".json"))
            private[wid].append(h)
        # snac keeps every own post in public/ too (and drops non-public ones when reading it).
        os.link(obj, os.path.join(s.user_dir(uid), "public", h + ".json"))
        public[author].append(h)
        if vis == "public":
            instance_public.append(h)
    for wid, (uid, _, _, _) in accounts.items():
        for name, idx in (("private.idx", private[wid]), ("public.idx", public[wid])):
            with open(os.path.join(s.user_dir(uid), name), "w") as f:
                f.writelines(h + "\n" for h in idx)
    with open(os.path.join(args.basedir, "public.idx"), "w") as f:
        f.writelines(h + "\n" for h in instance_public)

    wanted = set()
    with open(args.members) as f:
        for line in f:
            if line.strip():
                wanted.add(line.split()[0])
    by_uid = {uid: wid for wid, (uid, _, _, _) in accounts.items()}
    tok_dir = os.path.join(args.basedir, "token")
    os.makedirs(tok_dir, exist_ok=True)
    chosen = 0
    sizes = sorted(len(v) for v in private.values())
    with open(args.tokens_out, "w") as out:
        for uid in sorted(wanted):
            wid = by_uid.get(uid)
            if wid is None or len(private[wid]) < args.min:
                continue
            tok = secrets.token_hex(16)
            dump(os.path.join(tok_dir, tok + ".json"), {
                "token": tok, "client_id": "", "client_secret": "", "uid": uid, "code": ""})
            out.write(f"{tok} {uid}\n")
            chosen += 1
    print(f"snac: {len(accounts)} users, {n_follows} follows, {len(posts)} posts; home timeline "
          f"entries per member: median {sizes[len(sizes) // 2]}, max {sizes[-1]}; "
          f"{chosen} members with at least {args.min} entries got tokens")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("filter")
    f.add_argument("world")
    f.add_argument("out")
    ld = sub.add_parser("load")
    ld.add_argument("world")
    ld.add_argument("basedir")
    ld.add_argument("--key", required=True)
    ld.add_argument("--members", required=True)
    ld.add_argument("--tokens-out", required=True)
    ld.add_argument("--min", type=int, default=20)
    args = p.parse_args()
    if args.cmd == "filter":
        filter_world(args.world, args.out)
    else:
        load(args)


if __name__ == "__main__":
    sys.exit(main())
