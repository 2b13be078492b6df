module.exports = {
  displayName: 'seed',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/seed',
};
