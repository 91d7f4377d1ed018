//! The DaemonSet's ControllerRevisions: `constructHistory`, `controlledHistories`, `Match`,
//! `snapshot`, `dedupCurHistories`, `cleanupHistory` (pkg/controller/daemon/update.go).

use std::collections::HashSet;

use super::cluster::Revision;
use super::manage::{controller_ref, Sync};
use super::pod_util::CONTROLLER_REVISION_HASH;
use super::record::RevisionRef;

/// A write the API server refuses because the object changed since it was read.
fn conflict(name: &str) -> String {
    format!(
        "Operation cannot be fulfilled on controllerrevisions.apps \"{name}\": the object has been modified; please apply your changes to the latest version and try again"
    )
}

impl Sync<'_> {
    /// Mirrors `controlledHistories`: revisions in the namespace claimed by selector and
    /// ownerReference (orphans adopted, owned non-matching ones released). Returns their keys
    /// and the keys adopted now (whose listed copy is stale).
    fn controlled_histories(&mut self) -> (Vec<String>, HashSet<String>) {
        let ds = &self.world.ds;
        let (mut claimed, mut adopted) = (Vec::new(), HashSet::new());
        for (key, rev) in self.world.revisions.iter_mut().filter(|(_, r)| r.namespace == ds.namespace) {
            let matches = ds.selector.matches(&rev.labels);
            let owner = rev.owner_references.iter().find(|r| r.controller == Some(true)).map(|r| r.uid.clone());
            match owner {
                Some(uid) if uid.as_deref() != Some(ds.uid.as_str()) => {}
                Some(_) if matches => claimed.push(key.clone()),
                Some(_) => rev.owner_references.retain(|r| r.controller != Some(true)),
                None if !matches || rev.deleting => {}
                None => {
                    rev.owner_references.push(controller_ref(&ds.name, &ds.uid));
                    self.rec.revisions_adopted.push(rev.name.clone());
                    adopted.insert(key.clone());
                    claimed.push(key.clone());
                }
            }
        }
        (claimed, adopted)
    }

    /// Mirrors `constructHistory`: the current revision (created, deduplicated or renumbered)
    /// and the old ones. Sets the sync's hash from the current revision's label.
    pub fn construct_history(&mut self) -> Result<Vec<Revision>, String> {
        let (claimed, stale) = self.controlled_histories();
        let mut current: Vec<String> = Vec::new();
        let mut old: Vec<Revision> = Vec::new();
        for key in claimed {
            let Some(rev) = self.world.revisions.get_mut(&key) else { continue };
            if !rev.labels.contains_key(CONTROLLER_REVISION_HASH) {
                if stale.contains(&key) {
                    return Err(conflict(&rev.name));
                }
                rev.labels.insert(CONTROLLER_REVISION_HASH.into(), rev.name.clone());
            }
            if rev.data == self.world.ds.patch {
                current.push(key);
            } else {
                old.push(rev.clone());
            }
        }
        let next = old.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
        let cur_key = match current.len() {
            0 => self.snapshot(next)?,
            _ => {
                let keep = self.dedup_cur_histories(&current);
                let rev = self.world.revisions.get_mut(&keep).ok_or("the current revision vanished")?;
                self.hash = rev.labels.get(CONTROLLER_REVISION_HASH).cloned().unwrap_or_default();
                if rev.revision < next {
                    if stale.contains(&keep) {
                        return Err(conflict(&rev.name));
                    }
                    rev.revision = next;
                    let hash = rev.labels.get(CONTROLLER_REVISION_HASH).cloned().unwrap_or_default();
                    self.rec.revisions_updated.push(RevisionRef { name: rev.name.clone(), revision: next, hash });
                }
                keep
            }
        };
        self.hash = self
            .world
            .revisions
            .get(&cur_key)
            .and_then(|r| r.labels.get(CONTROLLER_REVISION_HASH))
            .cloned()
            .unwrap_or_default();
        Ok(old)
    }

    /// Mirrors `snapshot`: a revision named `<ds>-<hash>` holding `getPatch`; on a name clash
    /// with other data the collision count goes up and the sync fails.
    fn snapshot(&mut self, revision: i64) -> Result<String, String> {
        let hash = self.world.ds.compute_hash();
        let ds = &self.world.ds;
        let name = format!("{}-{hash}", ds.name);
        let key = format!("{}/{name}", ds.namespace);
        if let Some(existing) = self.world.revisions.get(&key) {
            if existing.data == ds.patch {
                return Ok(key);
            }
            self.world.ds.collision_count = Some(self.world.ds.collision_count.unwrap_or(0) + 1);
            return Err(format!("controllerrevisions.apps \"{name}\" already exists"));
        }
        let mut labels = ds.template_labels.clone();
        labels.insert(CONTROLLER_REVISION_HASH.into(), hash.clone());
        let rev = Revision {
            namespace: ds.namespace.clone(),
            name: name.clone(),
            labels,
            owner_references: vec![controller_ref(&ds.name, &ds.uid)],
            deleting: false,
            data: ds.patch.clone(),
            revision,
        };
        self.rec.revisions_created.push(RevisionRef { name, revision, hash });
        self.world.revisions.insert(key.clone(), rev);
        Ok(key)
    }

    /// Mirrors `dedupCurHistories`: keep the highest revision, relabel pods to its hash,
    /// delete the other duplicates.
    fn dedup_cur_histories(&mut self, current: &[String]) -> String {
        let mut keep = current.first().cloned().unwrap_or_default();
        let mut max = 0;
        for key in current {
            if let Some(r) = self.world.revisions.get(key).filter(|r| r.revision >= max) {
                max = r.revision;
                keep = key.clone();
            }
        }
        if current.len() == 1 {
            return keep;
        }
        let keep_hash = self
            .world
            .revisions
            .get(&keep)
            .and_then(|r| r.labels.get(CONTROLLER_REVISION_HASH))
            .cloned()
            .unwrap_or_default();
        for pod in self.get_daemon_pods() {
            if let Some(p) = self.world.pods.get_mut(&pod.key()) {
                std::rc::Rc::make_mut(p).labels.insert(CONTROLLER_REVISION_HASH.into(), keep_hash.clone());
            }
        }
        for key in current.iter().filter(|k| **k != keep) {
            if let Some(r) = self.world.revisions.remove(key) {
                self.rec.revisions_deleted.push(r.name);
            }
        }
        keep
    }

    /// Mirrors `cleanupHistory`: beyond revisionHistoryLimit, old revisions no live pod's hash
    /// names are deleted, lowest revision first.
    pub fn cleanup_history(&mut self, mut old: Vec<Revision>) {
        let mut to_kill = old.len() as i64 - self.world.ds.revision_history_limit;
        if to_kill <= 0 {
            return;
        }
        let live: HashSet<String> = self
            .get_nodes_to_daemon_pods(true)
            .values()
            .flatten()
            .filter_map(|p| p.labels.get(CONTROLLER_REVISION_HASH).filter(|h| !h.is_empty()).cloned())
            .collect();
        crate::sort::sort_by_key(&mut old, |r| r.revision);
        for rev in old {
            if to_kill <= 0 {
                break;
            }
            if rev.labels.get(CONTROLLER_REVISION_HASH).is_some_and(|h| live.contains(h)) {
                continue;
            }
            self.world.revisions.remove(&format!("{}/{}", rev.namespace, rev.name));
            self.rec.revisions_deleted.push(rev.name);
            to_kill -= 1;
        }
    }
}
