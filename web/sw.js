'use strict';
// The Offline web app's service worker: keeps the app shell (the one file, its manifest and icon) so the
// app opens without a network. Network first, so an updated app.html is used as soon as the relay serves it;
// the relay socket (/ws) and everything else pass through untouched. Nothing here reads or stores messages.
const CACHE = 'offline-shell-v1';
const SHELL = ['app', 'manifest.webmanifest', 'icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !SHELL.includes(name)) {
    return;
  }
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(name, copy));
    }
    return response;
  }).catch(() => caches.match(name).then((cached) => cached ?? Response.error())));
});
