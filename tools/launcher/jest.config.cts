module.exports = {
  displayName: 'launcher',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/tools/launcher',
};
