// Node 20 lacks the ES2025 Set methods gitlab-ci-local 4.x calls (Set.prototype.union and friends).
// Loaded with `node --require tools/set-methods-polyfill.cjs`; does nothing on a Node that has them.
const methods = {
  union(other) { const result = new Set(this); for (const value of other.keys()) result.add(value); return result; },
  intersection(other) { const result = new Set(); for (const value of this) if (other.has(value)) result.add(value); return result; },
  difference(other) { const result = new Set(this); for (const value of this) if (other.has(value)) result.delete(value); return result; },
  symmetricDifference(other) {
    const result = new Set(this);
    for (const value of other.keys()) { if (this.has(value)) result.delete(value); else result.add(value); }
    return result;
  },
  isSubsetOf(other) { for (const value of this) if (!other.has(value)) return false; return true; },
  isSupersetOf(other) { for (const value of other.keys()) if (!this.has(value)) return false; return true; },
  isDisjointFrom(other) { for (const value of this) if (other.has(value)) return false; return true; },
};
for (const [name, method] of Object.entries(methods)) {
  if (typeof Set.prototype[name] !== 'function') {
    Object.defineProperty(Set.prototype, name, { value: method, writable: true, configurable: true });
  }
}
