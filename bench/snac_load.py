#!/usr/bin/env python3
"""Loads a Clearwater world (the JSONL world format that `clearwater gen` writes) into a snac base
directory, for bench/snac.sh and bench/snac_check.sh. Python standard library only; it builds
nothing of snac's.

  snac_load.py filter WORLD OUT
      Keeps the lines both servers can hold the same way: accounts, follows, unfollows and posts
      (public, fans). Forwards, comments, likes, blocks, friends-only and only-me posts are
      dropped, so Clearwater imports exactly the world snac holds.

  snac_load.py load WORLD BASEDIR --key KEY_JSON --members HANDLES --tokens-out FILE [--min N]
      Writes the world into an initialised snac base directory (`snac init` done, server.json
      naming the host), the way snac's own code leaves it after local delivery: each account a
      user (user.json, the given key.json shared by all), an actor object per user, follows as
      following/<md5(actor)>.json Accept objects with followers.idx on the other side, and each
      post a Note object (hashtags and local @mentions turned into tags, links and cc as snac's
      process_tags() does) linked into the author's private/ and public/ and into the private/ of
      every user snac's delivery accepts it for (is_msg_for_me(): the author's followers, the
      mentioned users and, for a public post, the followers of the mentioned users), with the md5
      appended to private.idx in time order. For the members named in HANDLES whose home timeline
      holds at least N (20) posts, it writes a Mastodon API token (token/<hex>.json, as snac's
      /oauth/token does) and prints "token handle" lines to FILE.

  snac_load.py replay WORLD BASEDIR --snac BIN --url URL
      The same world through snac itself, for bench/snac_check.sh: `snac adduser` for each
      account, `snac follow` for each follow and `snac note` (or note_followers) for each post,
      one at a time, each time waiting until the running server (at URL, which must be the base
      directory's own address) has emptied its queues, i.e. delivered it locally.

  snac_load.py compare BASE_A BASE_B
      Compares every user's private.idx between two base directories, entry by entry and in
      order: each note's author, text, HTML, tags and addressing (not its time); exits 1 if any
      differs.
"""

import argparse
import hashlib
import html
import json
import os
import re
import secrets
import subprocess
import sys
import time
from datetime import datetime, timezone

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
# "friends" (mutual follows) has no snac equivalent: its nearest, followers-only, would reach
# every fan, so such posts are left out of both worlds.
KEPT_VISIBILITY = ("public", "fans")
# snac's process_tags(): mentions, HTML entities and hashtags (a '#' then anything but ASCII
# punctuation and spaces, as its byte regex [^[:punct:][:space:]] reads UTF-8).
TOKEN = re.compile(r"(@[A-Za-z0-9_-]+(?:@[A-Za-z0-9.-]+)?|&#[0-9]+;|#(?:_|[^\s!-/:-@\[-`{-~])+)")


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def millis(at):
    if isinstance(at, int):
        return at
    t = datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return int(t.timestamp() * 1000)


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
        os.link(self.object_fn(fan_a),
                os.path.join(self.user_dir(star), "followers", md5(fan_a) + ".json"))

    def note(self, uid, micro, text, at_ms, followers_only, local_uids):
        """Writes a Note; returns its id and the uids it mentions."""
        a = self.actor(uid)
        nid = f"{a}/p/{micro // 1000000}.{micro % 1000000:06d}"
        host = self.baseurl.split("://", 1)[1]
        tags, mentioned, lines = [], [], []
        for line in text.split("\n"):
            out = []
            for i, part in enumerate(TOKEN.split(line)):
                if i % 2 == 0:
                    out.append(html.escape(part, quote=False))
                elif part.startswith("@") and part[1:].split("@")[0] in local_uids and (
                        "@" not in part[1:] or part[1:].split("@", 1)[1] == host):
                    who = part[1:].split("@")[0]
                    name = f"@{who}@{host}"
                    tags.append({"type": "Mention", "href": self.actor(who), "name": name})
                    mentioned.append(who)
                    out.append(f'<span class="h-card"><a href="{self.actor(who)}" '
                               f'class="u-url mention">{name}</a></span>')
                elif part.startswith("#"):
                    href = f"{self.baseurl}?t={part[1:].lower()}"
                    tags.append({"type": "Hashtag", "href": href, "name": part.lower()})
                    out.append(f'<a href="{href}" class="mention hashtag" rel="tag">{part}</a>')
                else:
                    out.append(part)
            lines.append("".join(out) + "<br>")
        content = "".join(lines)
        note = {
            "@context": "https://www.w3.org/ns/activitystreams", "type": "Note", "id": nid,
            "published": iso(at_ms), "attributedTo": a, "summary": "", "content": content,
            "context": nid + "#ctxt", "url": nid,
            "to": [a + "/followers"] if followers_only else [PUBLIC],
            "cc": [self.actor(w) for w in dict.fromkeys(mentioned)], "inReplyTo": None,
            "tag": tags, "sourceContent": text}
        if not followers_only:  # snac gives only non-private notes a replies collection
            r = nid.replace("/p/", "/r/")
            note["replies"] = {"id": r, "type": "Collection", "first": {
                "type": "CollectionPage", "partOf": r, "next": r + "?page=true", "items": []}}
        dump(self.object_fn(nid), note)
        return nid, mentioned


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
            elif (t == "follow" and o["from"] in accounts and o["to"] in accounts
                  and o["from"] != o["to"]):
                following[o["from"]][o["to"]] = millis(o["at"])
            elif t == "unfollow" and o["from"] in following:
                following[o["from"]].pop(o["to"], None)
            elif t == "post" and o["author"] in accounts:
                vis = o.get("visibility", "public")
                if vis in KEPT_VISIBILITY:
                    posts.append((millis(o["at"]), o["author"], o["text"], vis))

    by_uid = {uid: wid for wid, (uid, _, _, _) in accounts.items()}
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
    # What /api/v1/timelines/home shows of private.idx: own posts and followees' (snac skips the
    # posts that reached a member only through a mention of someone they follow).
    home = {wid: 0 for wid in accounts}
    public = {wid: [] for wid in accounts}
    instance_public = []
    used_ids = set()
    for at, author, text, vis in posts:
        uid = accounts[author][0]
        micro = at * 1000
        while (uid, micro) in used_ids:
            micro += 1
        used_ids.add((uid, micro))
        nid, mentioned = s.note(uid, micro, text, at, vis != "public", by_uid)
        h = md5(nid)
        obj = s.object_fn(nid)
        readers = dict.fromkeys([author] + fans[author])
        for who in mentioned:
            readers[by_uid[who]] = None
            if vis == "public":
                readers.update(dict.fromkeys(fans[by_uid[who]]))
        for wid in readers:
            os.link(obj, os.path.join(s.user_dir(accounts[wid][0]), "private", h + ".json"))
            private[wid].append(h)
            if wid == author or author in following[wid]:
                home[wid] += 1
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
    tok_dir = os.path.join(args.basedir, "token")
    os.makedirs(tok_dir, exist_ok=True)
    chosen = 0
    sizes = sorted(home.values())
    with open(args.tokens_out, "w") as out:
        for uid in sorted(wanted):
            wid = by_uid.get(uid)
            if wid is None or home[wid] < args.min:
                continue
            tok = secrets.token_hex(16)
            dump(os.path.join(tok_dir, tok + ".json"), {
                "token": tok, "client_id": "", "client_secret": "", "uid": uid, "code": ""})
            out.write(f"{tok} {uid}\n")
            chosen += 1
    print(f"snac: {len(accounts)} users, {n_follows} follows, {len(posts)} posts; home timeline "
          f"posts per member: median {sizes[len(sizes) // 2]}, max {sizes[-1]}; "
          f"{chosen} members with at least {args.min} posts there got tokens")


def read_world(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("//")]


def replay(args):
    world = read_world(args.world)
    handle = {o["id"]: o["handle"] for o in world if o["type"] == "account"}

    def snac(*argv):
        quiet = subprocess.DEVNULL
        subprocess.run([args.snac, argv[0], args.basedir, *argv[1:]], check=True,
                       stdin=quiet, stdout=quiet, stderr=quiet)

    def drain():
        # A queue item's file is gone while a worker still carries it to the next queue, so wait
        # until every queue has stayed empty for a few seconds.
        queues = [os.path.join(args.basedir, "queue")] + [
            os.path.join(args.basedir, "user", u, "queue") for u in handle.values()]
        quiet_since = time.time()
        while time.time() - quiet_since < 3:
            if any(n.endswith(".json") for q in queues for n in os.listdir(q)):
                quiet_since = time.time()
            time.sleep(0.2)

    start = time.time()
    for uid in handle.values():
        snac("adduser", uid)
    for o in world:
        if o["type"] == "follow":
            snac("follow", handle[o["from"]], f"{args.url}/{handle[o['to']]}")
    drain()
    time.sleep(5)  # an accepted follow makes snac fetch the followee's outbox; let it land
    drain()
    posts = [o for o in world if o["type"] == "post"]
    for o in posts:
        snac("note" if o.get("visibility", "public") == "public" else "note_followers",
             handle[o["author"]], o["text"])
        drain()
    print(f"replayed {len(handle)} accounts, {sum(o['type'] == 'follow' for o in world)} follows, "
          f"{len(posts)} posts through snac in {time.time() - start:.0f} s")


def compare(args):
    def notes(base):
        by_md5 = {}
        for d in os.listdir(os.path.join(base, "object")):
            for n in os.listdir(os.path.join(base, "object", d)):
                if n.endswith(".json"):
                    with open(os.path.join(base, "object", d, n)) as f:
                        o = json.load(f)
                    if o.get("type") == "Note":
                        by_md5[n[:-5]] = o
        return by_md5

    def norm(o):  # what does not depend on when it was posted
        stamp = o["id"].rsplit("/", 1)[1]  # ids and reply collections are named by post time
        strip = lambda v: json.loads(json.dumps(v).replace(stamp, "T"))
        return {k: strip(o.get(k)) for k in ("attributedTo", "sourceContent", "content", "to", "cc",
                                             "tag", "inReplyTo", "summary", "replies")}

    a, b = notes(args.base_a), notes(args.base_b)
    users = sorted(os.listdir(os.path.join(args.base_a, "user")))
    same, entries, bad = 0, 0, []
    for uid in users:
        seqs = []
        for base, objs in ((args.base_a, a), (args.base_b, b)):
            fn = os.path.join(base, "user", uid, "private.idx")
            idx = open(fn).read().split() if os.path.exists(fn) else []
            seqs.append([norm(objs[h]) for h in idx if h in objs])
        entries += len(seqs[0])
        if seqs[0] == seqs[1]:
            same += 1
        else:
            bad.append(uid)
    print(f"{len(users)} users: identical home timelines (author, text, HTML, tags, addressing, "
          f"order) for {same}, different for {len(bad)} {bad[:5]}; {entries} entries")
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
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
    rp = sub.add_parser("replay")
    rp.add_argument("world")
    rp.add_argument("basedir")
    rp.add_argument("--snac", required=True)
    rp.add_argument("--url", required=True)
    cp = sub.add_parser("compare")
    cp.add_argument("base_a")
    cp.add_argument("base_b")
    args = p.parse_args()
    if args.cmd == "filter":
        filter_world(args.world, args.out)
    elif args.cmd == "replay":
        replay(args)
    elif args.cmd == "compare":
        return compare(args)
    else:
        load(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
