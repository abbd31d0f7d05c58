'use strict';
// Stub: bcoin requires leveldown at load time but never calls it when run with memory: true.
module.exports = function leveldown() {
  throw new Error('leveldown stub: bcoin must run with memory: true in Canopy tests');
};
