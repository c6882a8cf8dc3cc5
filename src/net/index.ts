// The network face: fetching remote images under an address policy, and telling image bytes apart.
// The extension loads it on first use (a bundle of its own, dist/net.js).
export { publicAddressesOnly, specialAddressKind, type AddressPolicy } from './addressPolicy';
export { fetchRemoteImage, RemoteImageError, type RemoteImage, type RemoteImageErrorCode, type RemoteImageOptions } from './remoteImage';
export { sniffImageType } from './sniffImage';
