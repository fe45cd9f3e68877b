"""The Qt desktop client. Talks to mash_desktop services only, never to SQL directly."""
