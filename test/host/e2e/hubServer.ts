// usage: tsx hubServer.ts CHECKPOINT_FOLDER REPO URL_FILE
// Serves a checkpoint in the Hugging Face hub's URL layout on 127.0.0.1 (slowed down, so the
// download progress can be watched), writes the hub's address to URL_FILE, and runs until killed.
import { writeFileSync } from 'node:fs';
import { HubServer } from '../../helpers/hubServer';

async function main(): Promise<void> {
  const [folder, repo, urlFile] = process.argv.slice(2);
  const server = await HubServer.start({ folder, repo, throttle: { chunkBytes: 16 * 1024, delayMs: 80 } });
  writeFileSync(urlFile, server.hubUrl);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
