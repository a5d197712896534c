/**
 * Internal to tenant-seed: public only because several of its packages share it. Not an
 * API; anything here may change without notice.
 */
package io.tenantseed.internal;
